import { createTestDatabase } from '@dinsos/testing';
import { runEventStoreContractTests } from '../contract/eventStoreContract';
import { migrate } from './migrate';
import { PostgresEventStore, type PostgresEventStoreOptions } from './PostgresEventStore';

// Twice: appends at heads the store knows take one INSERT, the others append_to_stream; both must
// keep the whole contract.
for (const [name, knownStreamHeads] of [
  ['PostgreSQL', undefined],
  ['PostgreSQL, every append through append_to_stream', 0],
] as const) {
  // As a service connects: a role of its own, granted the suite's categories only.
  runEventStoreContractTests(
    name,
    async ({ granted }) => {
      const database = await createTestDatabase();
      const role = await database.createRole('contract');
      await migrate(database.ownerUrl, { roles: [{ name: role.name, appends: granted }] });
      const options: PostgresEventStoreOptions = {
        pollIntervalMs: 20,
        poolSize: 20,
        knownStreamHeads,
      };
      const store = new PostgresEventStore(role.url, options);
      return { store, dispose: () => database.drop() };
    },
    { guardsCategories: true },
  );
}
