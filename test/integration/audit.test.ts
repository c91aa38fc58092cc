import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configVariables } from '@/server/config';
import { openDatabase, type Database } from '@/server/db/database';
import { runMigrations } from '@/server/db/migrate';
import { appendAudit, entryHash, recordFromRow, writeAudit } from '@/server/platform/audit';
import { withScope } from '@/server/db/scoped';
import { verifyAuditTrail, writeCheckpoint } from '@/server/modules/audit/audit.service';
import { loadSigningKey } from '@/server/modules/audit/signing';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/database';

const root = path.resolve(import.meta.dirname, '../..');

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: Record<string, string>): Promise<CliResult> {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !configVariables.includes(key) && key !== 'NODE_OPTIONS'),
  );
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', ...args],
      { cwd: root, env: { ...base, NO_COLOR: '1', LOG_LEVEL: 'warn', ...env }, timeout: 90_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
      },
    );
  });
}

/**
 * Tampering as an attacker with full database access would: triggers off (superuser only), then
 * the change. Runs on one connection.
 */
async function tamper(database: Database, statements: string): Promise<void> {
  await database.exec(
    `SET session_replication_role = replica; ${statements}; SET session_replication_role = origin;`,
  );
}

/**
 * The tamper tests run the real `servicestelle audit verify` against a database holding eight
 * entries and a signed checkpoint over all of them; after each case the original rows return.
 */
describe.each(databaseKinds)('audit verify detects tampering on %s', (kind) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'servicestelle-audit-'));
  const keyFile = path.join(dir, 'audit-signing-key.pem');
  let testDb: TestDatabase | undefined;
  let database: Database;
  let original: Record<string, unknown>[];
  let env: Record<string, string>;

  // PGlite keeps its files in DATA_DIR; only one process may open them, so the test closes its
  // connection while the CLI runs. PostgreSQL is shared as usual.
  const open = async () => {
    if (kind === 'pglite') database = await openDatabase({ dataDir: dir });
  };
  const close = async () => {
    if (kind === 'pglite') await database.close();
  };
  const verifyWithCli = async () => {
    await close();
    const result = await cli(['audit', 'verify'], env);
    await open();
    return result;
  };

  beforeAll(async () => {
    if (kind === 'pglite') {
      database = await openDatabase({ dataDir: dir });
      await runMigrations(database);
      env = { DATA_DIR: dir, AUDIT_SIGNING_KEY_FILE: keyFile };
    } else {
      testDb = await createTestDatabase('postgres');
      database = testDb.database;
      env = { DATA_DIR: dir, DATABASE_URL: testDb.url!, AUDIT_SIGNING_KEY_FILE: keyFile };
    }
    const settings = { signingKey: loadSigningKey(keyFile, { create: true }), clock: () => new Date() };
    for (let i = 1; i <= 8; i++) {
      await appendAudit(database, {
        action: 'member.read',
        actor: { userId: 7, name: 'kv-a@example.org' },
        entityType: 'member',
        entityId: 100 + i,
        subjectIds: [100 + i],
        details: { i },
      });
      if (i === 4) await writeCheckpoint(database, settings);
    }
    await writeCheckpoint(database, settings);
    original = await database.query('SELECT * FROM audit_log ORDER BY seq');
  });

  afterAll(async () => {
    if (kind === 'pglite') await database?.close();
    await testDb?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Puts the original eight rows back after a case. */
  async function restore() {
    await tamper(database, 'DELETE FROM audit_log');
    for (const row of original) {
      const columns = Object.keys(row);
      await database.exec(
        `SET session_replication_role = replica; INSERT INTO audit_log (${columns.join(', ')}) SELECT * FROM json_populate_record(NULL::audit_log, ${literal(JSON.stringify(row))}); SET session_replication_role = origin;`,
      );
    }
  }
  const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

  it('passes an intact trail (exit 0)', async () => {
    const result = await verifyWithCli();
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/audit trail intact: 8 entries, 2 signed checkpoints/);
  });

  it('detects an edited entry and names it', async () => {
    await tamper(database, `UPDATE audit_log SET actor_name = 'someone-else@example.org' WHERE seq = 4`);
    const result = await verifyWithCli();
    await restore();
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/BROKEN at entry #4 \(hash_mismatch\)/);
  });

  it('detects a deleted entry and names it', async () => {
    await tamper(database, 'DELETE FROM audit_log WHERE seq = 3');
    const result = await verifyWithCli();
    await restore();
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/BROKEN at entry #3 \(sequence_gap\): entry #3 is missing/);
  });

  it('detects reordered entries', async () => {
    await tamper(
      database,
      'UPDATE audit_log SET seq = -5 WHERE seq = 5; UPDATE audit_log SET seq = 5 WHERE seq = 6; UPDATE audit_log SET seq = 6 WHERE seq = -5',
    );
    const result = await verifyWithCli();
    await restore();
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/BROKEN at entry #5/);
  });

  it('detects the newest entries cut off, through the signed checkpoint', async () => {
    await tamper(database, 'DELETE FROM audit_log WHERE seq > 6');
    const result = await verifyWithCli();
    await restore();
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/BROKEN at entry #7 \(truncated\): entries #7 to #8 are missing/);
  });

  it('detects a rewritten chain (hashes recomputed) through the checkpoint signature', async () => {
    // The attacker edits entry 6 and recomputes every hash after it: the chain itself is consistent.
    const rows = (await database.query('SELECT * FROM audit_log ORDER BY seq')).map(recordFromRow);
    let prev = rows[4]!.hash;
    const updates: string[] = [];
    for (const row of rows.slice(5)) {
      const record = { ...row, actorName: row.seq === 6 ? 'forged@example.org' : row.actorName };
      const hash = entryHash(prev, record);
      updates.push(
        `UPDATE audit_log SET actor_name = ${literal(record.actorName!)}, prev_hash = '${prev}', hash = '${hash}' WHERE seq = ${row.seq}`,
      );
      prev = hash;
    }
    await tamper(database, updates.join('; '));
    const key = loadSigningKey(keyFile);
    const direct = await verifyAuditTrail(database, key);
    const result = await verifyWithCli();
    await restore();
    expect(direct.firstProblem?.kind).toBe('checkpoint_mismatch');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/BROKEN at entry #8 \(checkpoint_mismatch\)/);
  });

  it('detects a forged checkpoint (signed with another key)', async () => {
    const other = loadSigningKey(path.join(dir, 'other-key.pem'), { create: true });
    await appendAudit(database, { action: 'member.read', actor: { userId: 7, name: 'x' } });
    await writeCheckpoint(database, { signingKey: other, clock: () => new Date() });
    const direct = await verifyAuditTrail(database, loadSigningKey(keyFile));
    expect(direct.ok).toBe(false);
    expect(direct.firstProblem?.kind).toBe('unknown_key');
  });
});

describe.each(databaseKinds)('concurrent audit writes on %s', (kind) => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await testDb?.drop();
  });

  it('keep the chain linear', async () => {
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        appendAudit(testDb.database, {
          action: 'member.read',
          entityType: 'member',
          entityId: i,
          actor: { userId: i },
        }),
      ),
    );
    const key = loadSigningKey(path.join(mkdtempSync(path.join(tmpdir(), 'servicestelle-key-')), 'k.pem'), {
      create: true,
    });
    const result = await verifyAuditTrail(testDb.database, key);
    expect(result).toMatchObject({ ok: true, entries: 40, firstProblem: null });
  });

  it('lets a transaction that only records a read commit without waiting for the disk, never one that changed data', async () => {
    const syncAfter = (actions: string[]) =>
      withScope(testDb.database, null, async (tx) => {
        for (const action of actions) await writeAudit(tx, { action, actor: { userId: 1 } });
        const [row] = await tx.query<{ v: string }>(`SELECT current_setting('synchronous_commit') AS v`);
        return row!.v;
      });
    expect(await syncAfter(['member.read'])).toBe('off');
    expect(await syncAfter(['member.search'])).toBe('off');
    expect(await syncAfter(['member.update'])).toBe('on');
    // Something was written before the read's entry: the whole transaction stays synchronous.
    expect(await syncAfter(['member.update', 'member.read'])).toBe('on');
    // The setting was local to each transaction.
    const [after] = await testDb.database.query<{ v: string }>(
      `SELECT current_setting('synchronous_commit') AS v`,
    );
    expect(after!.v).toBe('on');
  });
});
