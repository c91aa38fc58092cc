import type { Database } from '@/server/db/database';
import { parseIsoDate } from '@/server/modules/demo/demo-dates';
import { buildUnits, generateMembers, type DemoMember } from '@/server/modules/demo/demo-generator';
import { loadDemoReference } from '@/server/modules/demo/demo-reference';
import * as repo from '@/server/modules/demo/demo.repository';
import { createDemoAccounts, removeDemoAccounts } from '@/server/modules/access/access.service';
import { createSearchKeyCache } from '@/server/modules/demo/demo-search-keys';

export interface DemoProgress {
  phase: string;
  done: number;
  total: number;
}
export interface DemoOptions {
  members: number;
  seed: number;
  /** Delete an existing demo first (in the same transaction that loads the new one). */
  replace?: boolean;
  /** The day the data describes: ages, pending applications and dates are relative to it. */
  asOf?: string;
  onProgress?: (p: DemoProgress) => void;
}

/**
 * The as-of date is fixed rather than "today" so that a seed gives byte-identical data on any
 * day; pass another date (CLI: --as-of) to get a demo whose pending applications are current.
 */
export const demoDefaults = { members: 20_000, seed: 1, asOf: '2026-11-01' };

/** The most members one load may create (member numbers and the record ordering allow more). */
export const maxDemoMembers = 5_000_000;

/** Arbitrary but fixed; differs from the migration lock. */
const DEMO_LOCK_KEY = 7_345_002;

/** The database cannot take the demo (it holds other data); the message says why and what to do. */
export class DemoRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DemoRefusedError';
  }
}

/** Empty means: no units yet (members, grants and everything else hang off units). */
export async function isDatabaseEmpty(database: Database): Promise<boolean> {
  return (await repo.countUnits(database)) === 0;
}

/**
 * Loads the demo: the fictional Musterpartei with its Landesverband Hessen, 26 Kreisverbände,
 * 422 Stadt- and Gemeindeverbände, the postcode → Gemeinde table and `members` generated people.
 * Either all of it is written or nothing (see demo.repository.ts).
 */
export async function loadDemo(
  database: Database,
  options: DemoOptions,
): Promise<{ units: number; members: number; millis: number }> {
  const started = performance.now();
  const total = options.members;
  if (!Number.isInteger(total) || total < 0 || total > maxDemoMembers) {
    throw new RangeError(`members must be a whole number from 0 to ${maxDemoMembers}`);
  }
  if (!Number.isInteger(options.seed)) throw new RangeError('seed must be a whole number');
  const asOf = options.asOf ?? demoDefaults.asOf;
  parseIsoDate(asOf);
  const report = options.onProgress ?? (() => undefined);

  return database.withLock(DEMO_LOCK_KEY, async () => {
    const existing = await repo.countUnits(database);
    if (existing > 0) {
      if (!options.replace) {
        throw new DemoRefusedError(
          `the database already holds ${existing} units; the demo loads only into an empty database (use --replace to replace an earlier demo)`,
        );
      }
      const foreign = await repo.foreignUnitCodes(database);
      if (foreign.length > 0) {
        throw new DemoRefusedError(
          `the database holds units that are not part of the demo (${foreign.join(', ')}); --replace only replaces a demo`,
        );
      }
    }

    const replace = existing > 0;
    // The demo accounts hang off demo units: they go first and come back with the new demo.
    if (replace) await removeDemoAccounts(database);
    const reference = loadDemoReference();
    const units = buildUnits(reference);
    report({ phase: 'units', done: 0, total: units.length });
    await repo.prepareStaging(database);
    try {
      await repo.stageUnits(database, units, `${asOf} 00:00:00+00`);
      await repo.stagePostcodeAreas(database, reference.postcodeAreas);
      report({ phase: 'units', done: units.length, total: units.length });

      const members = generateMembers(reference, units, { members: total, seed: options.seed, asOf });
      const terms = new Map<string, string>();
      report({ phase: 'members', done: 0, total });
      await repo.stageMembers(
        database,
        copyChunks(members, terms, (done) => report({ phase: 'members', done, total })),
      );
      await repo.stageNameTerms(database, terms);

      // Moving the rows into the indexed tables is most of the work; one step per statement.
      report({ phase: 'saving', done: 0, total: repo.publishStepCount({ replace }) });
      await repo.publishStaging(database, {
        replace,
        onStep: (done, steps) => report({ phase: 'saving', done, total: steps }),
      });
    } catch (error) {
      if ((error as { code?: string }).code === '23503') {
        throw new DemoRefusedError(
          `cannot replace the demo: other data refers to its units or members (${(error as Error).message})`,
        );
      }
      throw error;
    } finally {
      // A leftover staging schema is harmless (the next load drops it); never hide the real error.
      await repo.dropStaging(database).catch(() => undefined);
    }
    await repo.analyzeDemoTables(database);
    // One account per predefined role, documented in docs/security.md ("Demo accounts").
    await createDemoAccounts(database);
    return { units: units.length, members: total, millis: Math.round(performance.now() - started) };
  });
}

/**
 * Blocks of COPY lines (about half a megabyte each), reporting progress per block. Adds each
 * member's search keys as the member file computes them, and collects the name terms.
 */
function* copyChunks(
  members: Iterable<DemoMember>,
  terms: Map<string, string>,
  onProgress: (done: number) => void,
): Generator<string> {
  const perChunk = 2000;
  const searchKeysFor = createSearchKeyCache();
  let chunk = '';
  let done = 0;
  for (const member of members) {
    const keys = searchKeysFor(member);
    for (const t of keys.terms) if (!terms.has(t.term)) terms.set(t.term, t.phonetic);
    chunk += repo.memberCopyLine(member, keys);
    if (++done % perChunk === 0) {
      yield chunk;
      chunk = '';
      onProgress(done);
    }
  }
  if (chunk) yield chunk;
  if (done % perChunk !== 0 || done === 0) onProgress(done);
}
