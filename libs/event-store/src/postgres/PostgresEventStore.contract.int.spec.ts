import { createTestDatabase, testRoles } from '@dinsos/testing';
import { runEventStoreContractTests } from '../contract/eventStoreContract';
import { migrate } from './migrate';
import { PostgresEventStore } from './PostgresEventStore';

runEventStoreContractTests('PostgreSQL', async () => {
  const database = await createTestDatabase();
  await migrate(database.ownerUrl, { appRole: testRoles.app.name });
  const store = new PostgresEventStore(database.appUrl, { pollIntervalMs: 20, poolSize: 20 });
  return { store, dispose: () => database.drop() };
});
