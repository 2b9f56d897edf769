import { Logger } from '@nestjs/common';
import { logLevel, type logCreator } from 'kafkajs';

/**
 * Routes kafkajs's own log lines into the service's JSON logs (nestjs-pino behind Nest's Logger),
 * with their context, instead of kafkajs writing plain lines to the console.
 */
export const kafkaLogCreator: logCreator = () => {
  const logger = new Logger('Kafka');
  return ({ level, log }) => {
    const { message, ...details } = log;
    const line = { msg: message, ...details };
    if (level === logLevel.ERROR) logger.error(line);
    else if (level === logLevel.WARN) logger.warn(line);
    else if (level === logLevel.INFO) logger.log(line);
    else logger.debug(line);
  };
};
