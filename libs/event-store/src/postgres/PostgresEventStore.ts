import { Pool, type ClientBase } from 'pg';
import { DEFAULT_MAX_EVENT_BYTES } from '../canonicalEvent';
import { CategoryAccessDenied, InvalidReadOptions } from '../errors';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  EventSubscription,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeToAllOptions,
} from '../port';
import { parseStreamId } from '../streamId';
import { appendToStream } from './appendToStream';
import { expectStreamRevision } from './expectStreamRevision';
import { loadCategoryAccess, type CategoryAccess } from './categoryAccess';
import { KnownHeads } from './knownHeads';
import { readAll } from './readAll';
import { readCase } from './readCase';
import { readStream } from './readStream';
import { AppendAnnouncer } from './appendAnnouncer';
import { AppendSignal } from './appendSignal';
import { subscribeToAll } from './subscribeToAll';

export interface PostgresEventStoreOptions {
  /** Largest stored event (canonical JSON, UTF-8 bytes). Default 256 KiB. */
  maxEventBytes?: number;
  /**
   * Subscriptions poll this often once caught up while no append signal is heard (its connection
   * is not up yet, or lost). Default 100 ms.
   */
  pollIntervalMs?: number;
  /**
   * Caught-up subscriptions wake on the append signal (LISTEN, one connection per store besides
   * the pool) and poll only this often. Default 1000 ms; `false`: poll only, open no connection.
   */
  listenForAppends?: { pollIntervalMs?: number } | false;
  /**
   * Announce committed appends to listening subscriptions (a NOTIFY after commit; default true).
   * An append in the caller's transaction is announced when its client goes back to this store's
   * pool; a transaction on a connection from elsewhere is not announced, and subscriptions find
   * its events at their next poll.
   */
  announceAppends?: boolean;
  /** Events a subscription reads per query. Default 500. */
  subscriptionPageSize?: number;
  /** Only when constructed from a URL: connections of the pool the store opens. Default 10. */
  poolSize?: number;
  /**
   * Only when constructed from a URL: idle_in_transaction_session_timeout of the store's own
   * sessions. Default 30 s. (migrate() also sets it for the app role; this covers deployments
   * where the migration role may not.)
   */
  idleInTransactionTimeoutMs?: number;
  /**
   * How many streams' last committed event (from this instance's appends outside a transaction and
   * its readStream calls) the store keeps, to append after it without looking the head up first.
   * Default 10,000. Another instance's appends only make an entry stale, which the next append
   * notices (it then takes the checking path). 0: every append goes through append_to_stream.
   */
  knownStreamHeads?: number;
}

/**
 * The PostgreSQL adapter. Construct it with a `pg.Pool` (or URL) of the app role — a role that
 * does not own the tables — after `migrate()` ran as the owner.
 *
 * Transactions: pass a `pg` client inside BEGIN (READ COMMITTED) as `transaction` to append in the
 * caller's transaction; the caller commits. On any thrown error, roll that transaction back.
 */
export class PostgresEventStore implements EventStore<ClientBase> {
  readonly pool: Pool;
  private readonly ownsPool: boolean;
  private readonly maxEventBytes: number;
  private readonly pollIntervalMs: number;
  private readonly pageSize: number;
  private readonly subscriptions = new Set<EventSubscription>();
  private readonly knownHeads: KnownHeads;
  private readonly appended?: AppendSignal;
  private readonly listeningPollIntervalMs: number;
  private readonly announcer?: AppendAnnouncer;
  /** Callers' transactions that appended: announced when their client goes back to the pool. */
  private readonly appendedInTransaction = new WeakSet<object>();
  private readonly onRelease = (_error: unknown, client: object) => {
    if (this.appendedInTransaction.delete(client)) this.announcer?.announce();
  };
  private access?: Promise<CategoryAccess>;

  constructor(poolOrUrl: Pool | string, options: PostgresEventStoreOptions = {}) {
    if (typeof poolOrUrl === 'string') {
      this.pool = new Pool({
        connectionString: poolOrUrl,
        max: options.poolSize ?? 10,
        idle_in_transaction_session_timeout: options.idleInTransactionTimeoutMs ?? 30_000,
      });
      // An idle connection that dies (server restart, terminated backend) leaves the pool by
      // itself; without a listener its error would end the process.
      this.pool.on('error', () => undefined);
      this.ownsPool = true;
    } else {
      this.pool = poolOrUrl;
      this.ownsPool = false;
    }
    this.maxEventBytes = options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
    this.pollIntervalMs = options.pollIntervalMs ?? 100;
    this.pageSize = options.subscriptionPageSize ?? 500;
    if (options.listenForAppends !== false) this.appended = new AppendSignal(this.pool);
    this.listeningPollIntervalMs = (options.listenForAppends || undefined)?.pollIntervalMs ?? 1000;
    if (options.announceAppends !== false) {
      this.announcer = new AppendAnnouncer(this.pool);
      this.pool.on('release', this.onRelease);
    }
    if (!Number.isSafeInteger(this.maxEventBytes) || this.maxEventBytes < 1) {
      throw new InvalidReadOptions('maxEventBytes must be a positive integer');
    }
    const knownStreamHeads = options.knownStreamHeads ?? 10_000;
    if (!Number.isSafeInteger(knownStreamHeads) || knownStreamHeads < 0) {
      throw new InvalidReadOptions('knownStreamHeads must be an integer ≥ 0');
    }
    this.knownHeads = new KnownHeads(knownStreamHeads);
  }

  /**
   * What the role this store connects as may append to and read (event_store.category_access),
   * read once. The database enforces it; the store checks it first to refuse with a named error
   * without aborting the caller's transaction.
   */
  categoryAccess(): Promise<CategoryAccess> {
    this.access ??= loadCategoryAccess(this.pool).catch((error: unknown) => {
      this.access = undefined;
      throw error;
    });
    return this.access;
  }

  private async assertMay(operation: 'append' | 'read', streamId: string): Promise<void> {
    await this.assertMayOnCategory(operation, parseStreamId(streamId).category);
  }

  private async assertMayOnCategory(operation: 'append' | 'read', category: string): Promise<void> {
    const access = await this.categoryAccess();
    const may = operation === 'append' ? access.mayAppend(category) : access.mayRead(category);
    if (!may) throw new CategoryAccessDenied(operation, category, access.role);
  }

  async appendToStream(
    streamId: string,
    events: readonly NewEvent<object>[],
    options: AppendOptions<ClientBase>,
  ): Promise<AppendResult> {
    await this.assertMay('append', streamId);
    const transaction = options?.transaction;
    const result = await appendToStream(
      {
        db: transaction ?? this.pool,
        outsideTransaction: this.pool,
        inCallersTransaction: transaction !== undefined,
        knownHeads: this.knownHeads,
      },
      streamId,
      events,
      options?.expectedRevision,
      { maxEventBytes: this.maxEventBytes },
    );
    if (!result.alreadyStored) {
      if (transaction) this.appendedInTransaction.add(transaction);
      else this.announcer?.announce();
    }
    return result;
  }

  /**
   * In the caller's transaction: throws WrongExpectedVersion unless the stream is at `revision`
   * (-1: no stream), and keeps it there until the transaction ends (see expectStreamRevision).
   */
  async expectStreamRevision(
    streamId: string,
    revision: number,
    options: { transaction: ClientBase },
  ): Promise<void> {
    await this.assertMay('read', streamId);
    await expectStreamRevision(options.transaction, streamId, revision);
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    await this.assertMay('read', streamId);
    const events = await readStream(this.pool, streamId, options);
    // Read through the pool, so committed: a command that loads a stream appends after its head.
    const latest = events.reduce<RecordedEvent | undefined>(
      (found, event) => (found && found.streamRevision > event.streamRevision ? found : event),
      undefined,
    );
    if (latest) {
      this.knownHeads.remember(streamId, {
        streamRevision: latest.streamRevision,
        hash: latest.hash,
        transactionId: latest.position.commit.toString(),
      });
    }
    return events;
  }

  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    const filter = options?.filter;
    if (
      filter &&
      'categories' in filter &&
      !('types' in filter) &&
      Array.isArray(filter.categories)
    ) {
      // Malformed categories are readAll's to refuse (InvalidReadOptions).
      for (const category of filter.categories.filter((c) => /^[A-Za-z][A-Za-z0-9]*$/.test(c))) {
        await this.assertMayOnCategory('read', category);
      }
    }
    return readAll(this.pool, options);
  }

  readCase(caseId: string): Promise<RecordedEvent[]> {
    return readCase(this.pool, caseId);
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): EventSubscription {
    const subscription = subscribeToAll(
      this.pool,
      options,
      {
        pollIntervalMs: this.pollIntervalMs,
        listeningPollIntervalMs: this.listeningPollIntervalMs,
        pageSize: this.pageSize,
        appended: this.appended,
      },
      (ended) => this.subscriptions.delete(ended),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  /** Whether the append signal's connection listens (else subscriptions poll at pollIntervalMs). */
  get listeningForAppends(): boolean {
    return this.appended?.listening ?? false;
  }

  /**
   * Makes this store's caught-up subscriptions read at once, as an announced append would: for a
   * reader that knows the store moved on (a client waiting on a position it just wrote).
   */
  wakeSubscriptions(): void {
    this.appended?.wake();
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    await this.appended?.close();
    this.announcer?.close();
    this.pool.off('release', this.onRelease);
    if (this.ownsPool) await this.pool.end();
  }
}
