import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '@/server/db/database';
import { migrationStatus } from '@/server/db/migrate';
import { withScope } from '@/server/db/scoped';
import { buildApp, JOB_QUEUES } from '@/server/app';
import { createJobQueue, prepareJobQueue } from '@/server/platform/jobs';
import { createLogger } from '@/server/platform/logger';
import { createTestDatabase, type TestDatabase } from '../support/database';
import {
  createTestMembers,
  createUnitTree,
  testActor,
  type TestUnit,
  type TestUnitCode,
} from '../support/auth-fixtures';

/**
 * The stricter deployment (docs/security.md): the owner migrates, the server logs in as a role
 * that is only a member of servicestelle_app. PostgreSQL only (PGlite has a single superuser).
 */
describe.runIf(process.env.TEST_DATABASE_URL)('the server as a login role that owns nothing', () => {
  let testDb: TestDatabase;
  let app: Database;
  let units: Record<TestUnitCode, TestUnit>;
  const role = `ss_web_${randomBytes(4).toString('hex')}`;
  const password = randomBytes(12).toString('hex');

  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: testDb.url });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    testDb = await createTestDatabase('postgres');
    units = await createUnitTree(testDb.database);
    await createTestMembers(testDb.database, units);
    const dbName = new URL(testDb.url!).pathname.slice(1);
    await admin(
      `CREATE ROLE ${role} LOGIN PASSWORD '${password}'; GRANT servicestelle_app TO ${role}; GRANT CONNECT ON DATABASE ${dbName} TO ${role};`,
    );
    const url = new URL(testDb.url!);
    url.username = role;
    url.password = password;
    app = await openDatabase({ databaseUrl: url.toString(), poolSize: 2 });
  });
  afterAll(async () => {
    await app?.close();
    await testDb?.drop();
    const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await client.connect();
    await client.query(`DROP ROLE IF EXISTS ${role}`);
    await client.end();
  });

  it('can tell that the database is migrated (start-up and readiness)', async () => {
    const status = await migrationStatus(app);
    expect(status.applied).toBe(status.expected);
  });

  it('sees no member outside a scoped transaction, and its scope inside one', async () => {
    expect(await app.query('SELECT id FROM members')).toEqual([]);
    const rows = await withScope(app, testActor(units, [{ role: 'district-admin', unit: 'TEST-KA' }]), (tx) =>
      tx.query('SELECT id FROM members'),
    );
    expect(rows).toHaveLength(2);
  });

  it('cannot create tables, change the audit trail or switch off its triggers', async () => {
    await expect(app.query('CREATE TABLE evil (id int)')).rejects.toThrow(/permission denied/);
    await expect(app.query("UPDATE audit_log SET action = 'x'")).rejects.toThrow(/permission denied/);
    await expect(app.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only')).rejects.toThrow(
      /must be owner/,
    );
    await expect(app.query('SET session_replication_role = replica')).rejects.toThrow(/permission denied/);
  });

  it('runs the server and its job queue once the owner has prepared the queues (servicestelle migrate)', async () => {
    const logger = createLogger('silent', false);
    // Before: pg-boss would have to create its schema, which the login role may not.
    const unprepared = createJobQueue(app, { logger, pollIntervalMs: 100 });
    await expect(unprepared.start()).rejects.toThrow(/permission denied/);
    await unprepared.stop();

    await prepareJobQueue(testDb.database, [...JOB_QUEUES, 'test.probe']);
    const server = await buildApp({
      config: { bodyLimitBytes: 1024 * 64, baseUrl: 'http://127.0.0.1' },
      database: app,
      logger,
      webRoot: '/nonexistent',
      dailyMaintenance: true,
    });
    try {
      await server.ready(); // starts the queue and works on every queue of JOB_QUEUES
      expect((await server.inject({ url: '/readyz' })).statusCode).toBe(200);
    } finally {
      await server.close();
    }
    const jobs = createJobQueue(app, { logger, pollIntervalMs: 100 });
    try {
      await jobs.work<{ n: number }, { doubled: number }>('test.probe', async (job) => ({
        doubled: job.payload.n * 2,
      }));
      await jobs.start();
      const { id } = await jobs.enqueue('test.probe', { n: 21 });
      const done = await jobs.waitFor(id, { timeoutMs: 30_000 });
      expect(done).toMatchObject({ status: 'completed', result: { doubled: 42 } });
    } finally {
      await jobs.stop();
    }
    // Still nothing it could use to create or change tables.
    await expect(app.query('CREATE TABLE pgboss.evil (id int)')).rejects.toThrow(/permission denied/);
  });
});
