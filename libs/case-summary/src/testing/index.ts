// `@dinsos/case-summary/testing`: whole case paths as stored events (payloads the contracts
// accept, personal fields as fake encrypted values), for the read side's tests (case-query,
// audit). Not exported from index.ts: services never import test fixtures.
export { bantenPath, bekasiPath, bantenCaseId, bekasiCaseId, indexOf, upTo } from './scenarios';
export { banten, bekasi, eventLog, ids, positionOf, shelter } from './case-events';
export type { EnvelopeOverrides } from './case-events';
