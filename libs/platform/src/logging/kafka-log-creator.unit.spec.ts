import { Logger } from '@nestjs/common';
import { logLevel } from 'kafkajs';
import { kafkaLogCreator } from './kafka-log-creator';

describe('kafkaLogCreator', () => {
  afterEach(() => jest.restoreAllMocks());

  it('hands kafkajs lines to the Nest logger at their level, with their details', () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const log = kafkaLogCreator(logLevel.INFO);
    const entry = {
      namespace: 'Producer',
      label: 'WARN',
      timestamp: 't',
      message: 'retrying',
      retryCount: 2,
    };
    log({ namespace: 'Producer', level: logLevel.WARN, label: 'WARN', log: entry });
    log({
      namespace: 'Consumer',
      level: logLevel.ERROR,
      label: 'ERROR',
      log: { ...entry, message: 'crash' },
    });
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ msg: 'retrying', retryCount: 2 }));
    expect(error).toHaveBeenCalledWith(expect.objectContaining({ msg: 'crash' }));
  });
});
