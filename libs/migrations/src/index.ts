/**
 * Versioned SQL migrations for the libs' and services' own tables (the event store keeps its own
 * file-based migrations with checksums): `applyMigrations(ownerUrl, set, { appRole })` applies a
 * `MigrationSet` as the owner role under an advisory lock; `MigrationRefused` for bad input.
 */
export { applyMigrations, MigrationRefused } from './apply-migrations';
export type { ApplyOptions, MigrationSet, SchemaMigration } from './apply-migrations';
