// Every project's Jest (jest.preset.js): gives the run an id for its topic names unless `npm test`
// already did (DINSOS_TEST_RUN_ID), so the run's topics can be removed at its end.
import { newTestRunId } from '../topics';

export default function globalSetup(): void {
  if (process.env.DINSOS_TEST_RUN_ID) return;
  process.env.DINSOS_TEST_RUN_ID = newTestRunId();
  process.env.DINSOS_TEST_RUN_OWNED_BY_JEST = 'yes';
}
