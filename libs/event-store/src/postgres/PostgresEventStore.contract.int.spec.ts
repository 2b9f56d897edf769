import { createTestDatabase, testRoles } from '@dinsos/testing';
import { runEventStoreContractTests } from '../contract/eventStoreContract';
import { migrate } from './migrate';
import { PostgresEventStore, type PostgresEventStoreOptions } from './PostgresEventStore';

// Twice: appends at heads the store knows take one INSERT, the others append_to_stream; both must
// keep the whole contract.
for (const [name, knownStreamHeads] of [
  ['PostgreSQL', undefined],
  ['PostgreSQL, every append through append_to_stream', 0],
] as const) {
  runEventStoreContractTests(name, async () => {
    const database = await createTestDatabase();
    await migrate(database.ownerUrl, { appRole: testRoles.app.name });
    const options: PostgresEventStoreOptions = {
      pollIntervalMs: 20,
      poolSize: 20,
      knownStreamHeads,
    };
    const store = new PostgresEventStore(database.appUrl, options);
    return { store, dispose: () => database.drop() };
  });
}
