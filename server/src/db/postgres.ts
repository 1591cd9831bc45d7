import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import { commitWith } from './commit-with';
import { migratePostgres } from './pg-migrations';
import type { Params, Sql } from './sql';

// COUNT(*), BIGINT sequences: JavaScript numbers (exact up to 2^53), as better-sqlite3 returns them.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

/** Failures after which the whole transaction is run again: serialisation, deadlock, a unique key taken by a concurrent writer. */
const RETRIED = new Set(['40001', '40P01', '23505']);
const ATTEMPTS = 8;

/** `?` or `@name` placeholders as PostgreSQL's `$n`; converted once per statement text. */
function converter() {
  const cache = new Map<string, { text: string; names: string[] | null }>();
  return (text: string, params?: Params): [string, unknown[]] => {
    let hit = cache.get(text);
    if (!hit) {
      const names: string[] = [];
      let n = 0;
      const named = /@[a-z_]\w*/i.test(text);
      const out = named
        ? text.replace(/@([a-z_]\w*)/gi, (_m, name: string) => {
            const i = names.indexOf(name);
            if (i >= 0) return `$${i + 1}`;
            names.push(name);
            return `$${names.length}`;
          })
        : text.replace(/\?/g, () => `$${++n}`);
      hit = { text: out, names: named ? names : null };
      cache.set(text, hit);
    }
    if (params === undefined) return [hit.text, []];
    if (Array.isArray(params)) return [hit.text, params];
    const values = params;
    return [hit.text, (hit.names ?? []).map((name) => values[name] ?? null)];
  };
}

/**
 * node-postgres behind the async seam: a pool; a transaction holds one client, and every call in
 * its async context runs on that client. READ COMMITTED, as PostgreSQL's default: the guarantees
 * come from unique keys, ON CONFLICT, row locks and the feed counter lock (docs/server.md).
 */
export async function postgresSql(url: string, poolSize = 10): Promise<Sql> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle client's connection failing (server restart) must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  // The transaction a call runs in: its client, how many nested `transaction` calls joined it, and whether `commitWith` committed it.
  const tx = new AsyncLocalStorage<{ client: pg.PoolClient; nested: number; committed: boolean }>();
  const convert = converter();
  const query = async (text: string, params?: Params) => {
    const [q, values] = convert(text, params);
    return (tx.getStore()?.client ?? pool).query(q, values);
  };
  const sql: Sql = {
    dialect: 'postgres',
    all: async <T>(text: string, params?: Params) => (await query(text, params)).rows as T[],
    get: async <T>(text: string, params?: Params) => (await query(text, params)).rows[0] as T | undefined,
    run: async (text: string, params?: Params) => (await query(text, params)).rowCount ?? 0,
    async transaction<T>(fn: () => Promise<T>): Promise<T> {
      const outer = tx.getStore();
      if (outer) {
        outer.nested += 1;
        try {
          return await fn();
        } finally {
          outer.nested -= 1;
        }
      }
      for (let attempt = 1; ; attempt++) {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const state = { client, nested: 0, committed: false };
          const result = await tx.run(state, fn);
          if (!state.committed) await client.query('COMMIT');
          return result;
        } catch (err) {
          await client.query('ROLLBACK').catch(() => {});
          const code = (err as { code?: string }).code;
          if (!code || !RETRIED.has(code) || attempt >= ATTEMPTS) throw err;
        } finally {
          client.release();
        }
        // Spread the retries so writers that collided do not collide again.
        await new Promise((ok) => setTimeout(ok, Math.random() * 5 * attempt));
      }
    },
    async commitWith<T>(select: string) {
      const state = tx.getStore();
      if (!state || state.nested > 0 || state.committed) return null;
      const row = await commitWith<T>(state.client, select);
      state.committed = true;
      return { row };
    },
    close: () => pool.end(),
  };
  await migratePostgres(sql);
  return sql;
}
