import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { fuzzystrmatch } from '@electric-sql/pglite/contrib/fuzzystrmatch';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { pgArray } from '@/server/db/pg-array';
import * as schema from '@/server/db/schema';

export type Schema = typeof schema;

/** Anything that runs SQL with positional parameters ($1, $2, ...). */
export interface Sql {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
}

const preparedNames = new Map<string, string>();

/**
 * Marks a statement text (with $1.. parameters, no inlined values) as one of the hot statements:
 * on PostgreSQL each connection then parses it once and plans it once it has seen it a few
 * times, instead of on every call (bench finding F16: parse and plan cost as much as running);
 * PGlite does the same through SQL PREPARE and EXECUTE (PgliteStatements, ADR 0038).
 * Returns the text itself; call it once, at module level, and pass the constant to query().
 */
export function prepared(text: string): string {
  if (!preparedNames.has(text)) preparedNames.set(text, `servicestelle_${preparedNames.size + 1}`);
  return text;
}

/**
 * node-postgres query config for a text, named when the text was marked by prepared(); with
 * `types`, the type parsers of a transaction (dates as text).
 */
function queryConfig(
  text: string,
  values: unknown[] | undefined,
  types?: pg.CustomTypesConfig,
): pg.QueryConfig {
  const name = preparedNames.get(text);
  return { text, values: values as unknown[], ...(name ? { name } : {}), ...(types ? { types } : {}) };
}

/**
 * Type ids whose text is kept as it is (as Drizzle does): timestamps, dates and intervals and
 * their arrays stay strings, so a date never shifts through the process's time zone.
 */
const keptAsText = new Set([1082, 1114, 1184, 1186, 1182, 1115, 1185, 1187, 1231]);
const asText = (value: string) => value;
const pgTypes = {
  getTypeParser: ((id: number, format?: 'text' | 'binary') =>
    keptAsText.has(id)
      ? asText
      : pg.types.getTypeParser(id, format as 'text')) as typeof pg.types.getTypeParser,
};
const pgliteParsers = Object.fromEntries([...keptAsText].map((id) => [id, asText]));
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

/** The extensions the member file uses; PGlite ships each of them. */
export const pgliteExtensions = { pg_trgm, unaccent, fuzzystrmatch };

export interface Database {
  readonly kind: 'pglite' | 'postgres';
  /** Drizzle over the connection (pool on PostgreSQL, the single PGlite instance otherwise). */
  readonly db: Db;
  /** Raw SQL with positional parameters ($1, $2, ...). */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Runs several statements without parameters (migrations, DDL). */
  exec(text: string): Promise<void>;
  /** Bulk load rows in PostgreSQL's text COPY format into a table. */
  copyRows(table: string, columns: string[], lines: AsyncIterable<string> | Iterable<string>): Promise<void>;
  /**
   * Runs fn in one transaction on one connection and commits, or rolls back when fn throws.
   * `setup`: statements without parameters sent in the same round trip as BEGIN (settings).
   * Dates, times and intervals come back as PostgreSQL's text, as through Drizzle.
   */
  transaction<T>(fn: (tx: Sql) => Promise<T>, options?: { setup?: string }): Promise<T>;
  /** Runs fn holding an exclusive, database-wide lock named by key (advisory lock). */
  withLock<T>(key: number, fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** A short description for logs, without passwords. */
  readonly description: string;
}

export class DatabaseUnavailableError extends Error {
  constructor(
    readonly target: string,
    cause: unknown,
  ) {
    const reason =
      cause instanceof Error ? ((cause as NodeJS.ErrnoException).code ?? cause.message) : String(cause);
    super(`cannot connect to the database at ${target} (${reason})`);
    this.name = 'DatabaseUnavailableError';
  }
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'an unparsable DATABASE_URL';
  }
}

export async function openDatabase(options: {
  databaseUrl?: string | undefined;
  dataDir?: string;
  /** Open PGlite in memory (tests). */
  inMemory?: boolean;
  poolSize?: number;
}): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize ?? 10);
  return openPglite(options.inMemory ? undefined : path.join(options.dataDir ?? './data', 'pglite'));
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const target = redactUrl(url);
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: 5000,
    // No JIT compilation: it spent 1.7 s of a 3 s statistics query compiling (docs/adr/0032-no-jit.md).
    // No parallel workers: starting one took longer than the count it shared (ADR 0037).
    options: '-c jit=off -c max_parallel_workers_per_gather=0',
  });
  // Without a listener an idle client's error would crash the process.
  pool.on('error', () => undefined);
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new DatabaseUnavailableError(target, error);
  }
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  return {
    kind: 'postgres',
    db,
    description: `PostgreSQL at ${target}`,
    async query(text, params) {
      const result = await pool.query(queryConfig(text, params));
      return result.rows;
    },
    async exec(text) {
      await pool.query(text);
    },
    async copyRows(table, columns, lines) {
      const client = await pool.connect();
      try {
        const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
        await pipeline(Readable.from(lines), stream);
      } finally {
        client.release();
      }
    },
    async transaction(fn, options) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        // One round trip for BEGIN and the settings (simple protocol, several statements).
        await client.query(options?.setup ? `BEGIN; ${options.setup}` : 'BEGIN');
        const tx: Sql = {
          async query(text, params) {
            const result = await client.query(queryConfig(text, params, pgTypes));
            return result.rows;
          },
        };
        const result = await fn(tx);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch (rollbackError) {
          // The connection is unusable: the pool must not hand it out again.
          broken = rollbackError as Error;
        }
        throw error;
      } finally {
        client.release(broken);
      }
    },
    async withLock(key, fn) {
      const client = await pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock($1)', [key]);
        try {
          return await fn();
        } finally {
          await client.query('SELECT pg_advisory_unlock($1)', [key]);
        }
      } finally {
        client.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}

/** A parameter value as an SQL literal (standard_conforming_strings on); undefined when it has none here. */
function sqlLiteral(value: unknown): string | undefined {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'string') return value.includes('\0') ? undefined : `'${value.replaceAll("'", "''")}'`;
  if (typeof value === 'number') return Number.isFinite(value) ? `'${value}'` : undefined;
  if (typeof value === 'bigint') return `'${value}'`;
  if (typeof value === 'boolean') return value ? "'t'" : "'f'";
  if (
    Array.isArray(value) &&
    value.every((v) => v === null || ['string', 'number', 'bigint'].includes(typeof v))
  ) {
    return sqlLiteral(pgArray(value.map((v) => (v === null ? null : String(v)))));
  }
  return undefined;
}

/**
 * The hot statements (prepared()) on PGlite, whose API has no named statements: the first call
 * sends `PREPARE name AS text; EXECUTE name(values)`, every later call `EXECUTE name(values)`, with
 * the values as quoted literals in one simple-protocol message. The statement is parsed once and
 * planned as PostgreSQL plans a named one, and a call takes two steps of PGlite's protocol layer
 * instead of six (parse, describe, bind, describe, execute, sync). Bench finding F19.
 */
class PgliteStatements {
  readonly #ready = new Map<string, string>();
  /** Texts whose PREPARE is under way: meanwhile they go the ordinary way (no duplicate PREPARE). */
  readonly #pending = new Set<string>();
  #count = 0;

  /** Runs a marked text through exec, or returns undefined to run it the ordinary way. */
  async run<T>(
    exec: (sql: string) => Promise<{ rows: unknown[] }[]>,
    text: string,
    params: unknown[] | undefined,
  ): Promise<T[] | undefined> {
    if (!preparedNames.has(text) || this.#pending.has(text)) return undefined;
    const literals = (params ?? []).map(sqlLiteral);
    if (literals.includes(undefined)) return undefined;
    const args = literals.length > 0 ? `(${literals.join(', ')})` : '';
    const name = this.#ready.get(text);
    if (name) {
      const results = await exec(`EXECUTE ${name}${args}`);
      return results[results.length - 1]!.rows as T[];
    }
    // A fresh name per attempt: after a failure it is unknown whether the PREPARE took. The line
    // break ends a text that closes with a line comment.
    const fresh = `servicestelle_pgl_${++this.#count}`;
    this.#pending.add(text);
    try {
      const results = await exec(`PREPARE ${fresh} AS ${text}\n; EXECUTE ${fresh}${args}`);
      this.#ready.set(text, fresh);
      return results[results.length - 1]!.rows as T[];
    } finally {
      this.#pending.delete(text);
    }
  }
}

async function openPglite(dir: string | undefined): Promise<Database> {
  if (dir) mkdirSync(dir, { recursive: true });
  const client = await PGlite.create(dir ?? 'memory://', { extensions: pgliteExtensions });
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  // Literals are quoted for standard_conforming_strings = on (PostgreSQL's default); otherwise
  // every statement goes the ordinary way.
  const conforming = await client.query<{ v: string }>(
    `SELECT current_setting('standard_conforming_strings') AS v`,
  );
  const statements = conforming.rows[0]?.v === 'on' ? new PgliteStatements() : undefined;
  return {
    kind: 'pglite',
    db,
    description: dir ? `embedded PGlite in ${dir}` : 'embedded PGlite in memory',
    async query(text, params) {
      const rows = await statements?.run<never>((sql) => client.exec(sql), text, params);
      if (rows) return rows;
      const result = await client.query(text, params as unknown[]);
      return result.rows as never[];
    },
    async exec(text) {
      await client.exec(text);
    },
    async copyRows(table, columns, lines) {
      // PGlite reads COPY input from a blob; build it in chunks to bound memory.
      let chunk: string[] = [];
      let size = 0;
      const flush = async () => {
        if (chunk.length === 0) return;
        const blob = new Blob([chunk.join('')]);
        chunk = [];
        size = 0;
        await client.query(`COPY ${table} (${columns.join(', ')}) FROM '/dev/blob'`, [], { blob });
      };
      for await (const line of lines) {
        chunk.push(line);
        size += line.length;
        if (size > 8_000_000) await flush();
      }
      await flush();
    },
    async transaction(fn, options) {
      return client.transaction(async (t) => {
        if (options?.setup) await t.exec(options.setup);
        return fn({
          async query(text, params) {
            const exec = (sql: string) => t.exec(sql, { parsers: pgliteParsers });
            const rows = await statements?.run<never>(exec, text, params);
            if (rows) return rows;
            const result = await t.query(text, params as unknown[], { parsers: pgliteParsers });
            return result.rows as never[];
          },
        });
      });
    },
    async withLock(_key, fn) {
      // One process owns a PGlite data directory; there is nobody to lock out.
      return fn();
    },
    async close() {
      await client.close();
    },
  };
}
