import {
  contexts,
  contextOfService,
  isEventType,
  owningContextOf,
  serviceNames,
  type ServiceName,
} from '@dinsos/contracts';
import type { EventStore } from '@dinsos/event-store';
import type { PersonalDataVault } from '@dinsos/personal-data';
import type { ServiceStandardCatalogue } from '@dinsos/service-standards';
import type { OnModuleInit } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import type { BackgroundPart } from '../runtime/background-work';
import type { Clock } from '../runtime/tokens';
import { ProjectionRunner, type StoreProjection } from './projection-runner';
import { pgTransactions } from './projection-transactions';

/**
 * A read model a service keeps from its own events (`PlatformFeatures.projections`): a
 * StoreProjection whose handlers receive the pg PoolClient of the transaction that also moves
 * its checkpoint, on the service's pool (its role, its schema on the search path).
 */
// Each projection's prepared value is its own: a list of them cannot name it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ServiceProjection = StoreProjection<any, PoolClient>;

/**
 * What a projection may need from the platform, for the factory form of
 * `PlatformFeatures.projections`: the same instances the service's own code injects, handed over
 * as the platform builds its projections (before anything starts). Kept small on purpose: a
 * projection reads events and writes its rows; anything else belongs to the service's queries.
 */
export interface ProjectionDependencies {
  /** The service's name (e.g. for `serviceActor(service, officeCode)` when decrypting). */
  service: string;
  /** The service's pool (DATABASE_POOL): its role, its schema on the search path. */
  pool: Pool;
  /** The service's event store (EVENT_STORE), for a `prepare` that reads a stream. */
  store: EventStore<PoolClient>;
  /**
   * The personal-data vault the kit provides (PersonalDataVault): a `prepare` decrypts a
   * person's fields with it, for a purpose, outside the checkpoint's transaction.
   */
  vault: PersonalDataVault;
  /** The standards, offices (time zones) and office assignments (SERVICE_STANDARDS). */
  standards: ServiceStandardCatalogue;
  /**
   * The service's one clock (CLOCK). A read model should follow its events' `occurredAt`; the
   * clock is for what no event says (when a row was last refreshed, say).
   */
  clock: Clock;
}

/**
 * `PlatformFeatures.projections`: the projections themselves, or a function the platform calls
 * with their dependencies (once per instance, as it builds them) when they need the vault, the
 * offices or the pool, which exist only once Nest has started (as `timers.definitions`).
 */
export type ProjectionsDeclaration =
  | readonly ServiceProjection[]
  | ((dependencies: ProjectionDependencies) => readonly ServiceProjection[]);

/** A projections declaration the runtime cannot run as meant; stops the start. */
export class ProjectionsDeclarationError extends Error {
  constructor(message: string) {
    super(`PlatformFeatures.projections: ${message}`);
    this.name = 'ProjectionsDeclarationError';
  }
}

/**
 * Checks a declaration before anything starts: names are unique (each is a checkpoint), each
 * has exactly one of apply and applyBatch, and a write service of the contracts filters only by
 * its own categories or event types (its role reads nothing else, so another context's would
 * never arrive).
 */
export function checkProjections(projections: readonly ServiceProjection[], service: string): void {
  const seen = new Set<string>();
  for (const projection of projections) {
    const { name } = projection;
    if (!name.trim()) throw new ProjectionsDeclarationError('a projection has no name');
    if (seen.has(name)) throw new ProjectionsDeclarationError(`"${name}" is declared twice`);
    seen.add(name);
    if ((typeof projection.apply === 'function') === (typeof projection.applyBatch === 'function'))
      throw new ProjectionsDeclarationError(`"${name}" needs exactly one of apply and applyBatch`);
  }
  if (!(serviceNames as readonly string[]).includes(service)) return;
  const own = contexts[contextOfService(service as ServiceName)];
  for (const { name, filter } of projections) {
    if (!filter) continue;
    const foreign =
      'categories' in filter
        ? filter.categories.filter(
            (category) => !(own.streamCategories as readonly string[]).includes(category),
          )
        : filter.types.filter(
            (type) => !isEventType(type) || contexts[owningContextOf(type)].service !== service,
          );
    if (foreign.length > 0) {
      throw new ProjectionsDeclarationError(
        `"${name}" filters by ${foreign.join(', ')}, not ${service}'s own: a service projects its own streams (${own.streamCategories.join(', ')}) and follows other contexts through PlatformFeatures.follows`,
      );
    }
  }
}

/**
 * The service's own projections (`PlatformFeatures.projections`), each on a ProjectionRunner
 * that the platform starts and stops with the relay and consumers (BackgroundWork). Injectable
 * in the service: a read model's query says which position it reflects (`checkpoint`), a
 * command's answer can wait for its own write (`waitFor`), an admin route can `rebuild`.
 */
export class Projections implements OnModuleInit {
  private readonly runners = new Map<string, ProjectionRunner<unknown, PoolClient>>();
  /** Why the declaration cannot run (see `declared`); thrown by onModuleInit. */
  private refusal?: { error: unknown };

  /**
   * For the platform: the service's declaration built with its dependencies (the factory form
   * is called here, as Nest builds the container) and checked (checkProjections). A declaration
   * that cannot run as meant, or a factory that throws, leaves no projection and is thrown by
   * onModuleInit, so Nest's app.init() rejects with it before any background work starts (a
   * provider that throws as Nest builds it would end the process instead).
   */
  static declared(
    declaration: ProjectionsDeclaration | undefined,
    dependencies: ProjectionDependencies,
  ): Projections {
    const { pool, store, service } = dependencies;
    try {
      const projections =
        typeof declaration === 'function' ? declaration(dependencies) : (declaration ?? []);
      checkProjections(projections, service);
      return new Projections(pool, store, projections);
    } catch (error) {
      const refused = new Projections(pool, store, []);
      refused.refusal = { error };
      return refused;
    }
  }

  /** Nest's hook, before any application's bootstrap: a declaration that cannot run stops here. */
  onModuleInit(): void {
    if (this.refusal) throw this.refusal.error;
  }

  constructor(
    pool: Pool,
    store: Pick<EventStore<PoolClient>, 'subscribeToAll'>,
    projections: readonly ServiceProjection[],
  ) {
    const transactions = pgTransactions(pool);
    for (const projection of projections) {
      this.runners.set(projection.name, new ProjectionRunner(transactions, store, projection));
    }
  }

  /** The declared projections' names. */
  names(): string[] {
    return [...this.runners.keys()];
  }

  /** The position of the last event the read model reflects, or undefined before the first. */
  async checkpoint(name: string): Promise<string | undefined> {
    return this.runner(name).checkpoint();
  }

  /**
   * Waits until the read model reflects the event at `position` (an event it takes: its
   * checkpoint moves only to the events its filter lets through); false when it took too long.
   */
  async waitFor(name: string, position: string, timeoutMs?: number): Promise<boolean> {
    return this.runner(name).waitFor(position, timeoutMs);
  }

  /**
   * Reads the read model and its checkpoint in one snapshot (a read-only REPEATABLE READ
   * transaction on the service's pool): `reflects` is exactly the position the rows show.
   */
  async read<R>(
    name: string,
    work: (transaction: PoolClient) => Promise<R>,
  ): Promise<{ result: R; reflects: string | undefined }> {
    return this.runner(name).read(work);
  }

  /** Empties the read model and its checkpoint: every instance projects again from zero. */
  async rebuild(name: string): Promise<void> {
    return this.runner(name).rebuild();
  }

  /** For the platform: one background part per projection; needs only PostgreSQL. */
  backgroundParts(): BackgroundPart[] {
    return [...this.runners].map(([name, runner]) => ({
      name: `projection ${name}`,
      start: async () => runner.start(),
      stop: () => runner.stop(),
    }));
  }

  private runner(name: string): ProjectionRunner<unknown, PoolClient> {
    const runner = this.runners.get(name);
    if (!runner) {
      throw new Error(
        `no projection "${name}" is declared (PlatformFeatures.projections: ${this.names().join(', ') || 'none'})`,
      );
    }
    return runner;
  }
}
