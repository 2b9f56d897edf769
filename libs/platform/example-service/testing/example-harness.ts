// Used by the example service's *.int.spec.ts only: the example on the platform's service harness,
// and intake's events about a case, put on Kafka as intake's relay would publish them.
import type { EventForWire } from '@dinsos/contracts';
import { ServiceDeployment } from '../../src/testing';
import {
  ExampleServiceModule,
  exampleConfigSchema,
  examplePlatformFeatures,
  exampleServiceName,
} from '../example-service.module';

export type ExampleDeployment = ServiceDeployment<typeof exampleConfigSchema>;

export function createExampleDeployment(
  options: { onPrepare?: Parameters<typeof examplePlatformFeatures>[0]['onPrepare'] } = {},
): Promise<ExampleDeployment> {
  return ServiceDeployment.create({
    name: exampleServiceName,
    module: ExampleServiceModule,
    configSchema: exampleConfigSchema,
    platform: (config) =>
      examplePlatformFeatures({
        firstContactAfterDays: config.EXAMPLE_FIRST_CONTACT_AFTER_DAYS,
        onPrepare: options.onPrepare,
      }),
    env: { CONSOLE_ORIGIN: 'https://console.dinsos.test', UPLOAD_MAX_BYTES: '300000' },
    clockStartsAt: '2026-11-20T03:00:00Z',
  });
}

const standard = { code: 'bekasi-layanan-rujukan', version: 1 };

/** Intake opened a case owned by `officeCode`. */
export function openCase(
  deployment: ExampleDeployment,
  caseId: string,
  officeCode: string,
): Promise<EventForWire> {
  return deployment.publish({
    type: 'CaseOpened',
    caseId,
    officeCode,
    serviceStandard: standard,
    payload: { caseNumber: caseId, owningOfficeCode: officeCode },
  });
}

/** Intake transferred the case to another office. */
export function transferCase(
  deployment: ExampleDeployment,
  caseId: string,
  fromOfficeCode: string,
  toOfficeCode: string,
): Promise<EventForWire> {
  return deployment.publish({
    type: 'CaseTransferred',
    caseId,
    officeCode: toOfficeCode,
    serviceStandard: standard,
    payload: {
      fromOfficeCode,
      toOfficeCode,
      serviceStandard: standard,
      reason: 'Rujukan ke provinsi',
    },
  });
}
