import { CategoryAccessDenied } from '../errors';
import type { Queryable } from './rows';

/** What the role a store connects as may do, as event_store.category_access says. */
export class CategoryAccess {
  constructor(
    readonly role: string,
    private readonly appendable: ReadonlySet<string>,
    private readonly readable: ReadonlySet<string>,
    /** The owner, a superuser or a BYPASSRLS role: row-level security does not apply to it. */
    private readonly unrestricted: boolean,
  ) {}

  mayAppend(category: string): boolean {
    return this.unrestricted || this.appendable.has('*') || this.appendable.has(category);
  }

  mayRead(category: string): boolean {
    return this.readsEveryCategory || this.readable.has(category);
  }

  /** The read side (audit, case-query, the sealer): what seal and verify must run as. */
  get readsEveryCategory(): boolean {
    return this.unrestricted || this.readable.has('*');
  }
}

// The same rule as event_store.reads_every_category() and the events table's policies.
const ACCESS_SQL = `
  select current_user::text as role,
         coalesce((select array_agg(a.category) from event_store.category_access a
                    where a.role_name = current_user and a.may_append), '{}') as appends,
         coalesce((select array_agg(a.category) from event_store.category_access a
                    where a.role_name = current_user), '{}') as reads,
         (select r.rolsuper or r.rolbypassrls
                 or pg_catalog.pg_has_role(current_user, t.tableowner, 'USAGE')
            from pg_catalog.pg_roles r, pg_catalog.pg_tables t
           where r.rolname = current_user and t.schemaname = 'event_store'
             and t.tablename = 'events') as unrestricted`;

/** Reads the connecting role's access (grants change only when services are redeployed). */
export async function loadCategoryAccess(db: Queryable): Promise<CategoryAccess> {
  const { rows } = await db.query<{
    role: string;
    appends: string[];
    reads: string[];
    unrestricted: boolean;
  }>(ACCESS_SQL);
  const [row] = rows;
  return new CategoryAccess(row.role, new Set(row.appends), new Set(row.reads), row.unrestricted);
}

/**
 * Seal and verify see only what the role may read: a sealer under a service role would sign its
 * own categories only, and the next sealer would skip the rest. They run as a read-side role.
 */
export async function assertReadsEveryCategory(db: Queryable): Promise<void> {
  const { rows } = await db.query<{ role: string; reads_every_category: boolean }>(
    'select current_user::text as role, event_store.reads_every_category() as reads_every_category',
  );
  if (!rows[0].reads_every_category) throw new CategoryAccessDenied('read', '*', rows[0].role);
}
