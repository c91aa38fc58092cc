import { spawn } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/server/db/database';
import { createJobQueue, type JobQueue, type JobQueueOptions } from '@/server/platform/jobs';
import { createLogger } from '@/server/platform/logger';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/database';

const fast: Omit<JobQueueOptions, 'logger'> = {
  pollIntervalMs: 100,
  heartbeatMs: 100,
  monitorIntervalMs: 200,
  progressIntervalMs: 0,
  stopTimeoutMs: 2000,
};

/** Runs in a separate process: takes the job, reports progress, then hangs until it is killed. */
const crashingWorker = `
import { openDatabase } from '@/server/db/database';
import { createJobQueue } from '@/server/platform/jobs';
import { createLogger } from '@/server/platform/logger';
const database = await openDatabase({ databaseUrl: process.env.JOB_TEST_URL, poolSize: 4 });
const queue = createJobQueue(database, { logger: createLogger('silent', false), pollIntervalMs: 100, heartbeatMs: 100 });
await queue.work(process.env.JOB_TEST_NAME, async (job) => {
  await job.progress(1, 3);
  process.stdout.write('started\\n');
  await new Promise(() => undefined);
});
await queue.start();
`;

/** A promise with its resolve function, to hold a handler at a known point. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`condition not met in time; last value ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.each(databaseKinds)('job queue on %s', (kind) => {
  let testDb: TestDatabase;
  let database: Database;
  const queues: JobQueue[] = [];
  const logger = createLogger('silent', false);
  const newQueue = () => {
    const q = createJobQueue(database, { logger, ...fast });
    queues.push(q);
    return q;
  };

  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
    database = testDb.database;
  });
  afterEach(async () => {
    for (const q of queues.splice(0)) await q.stop();
  });
  afterAll(async () => {
    await testDb?.drop();
  });

  it('runs a job to completion, recording progress and the result', async () => {
    const queue = newQueue();
    const seen: number[] = [];
    await queue.work<{ n: number }, { sum: number }>('test.sum', async (job) => {
      let sum = 0;
      for (let i = 1; i <= job.payload.n; i++) {
        sum += i;
        await job.progress(i, job.payload.n, `step ${i}`);
      }
      return { sum };
    });
    await queue.start();
    const { id, created } = await queue.enqueue('test.sum', { n: 4 }, { createdBy: 7 });
    expect(created).toBe(true);
    const job = await queue.waitFor(id, {
      timeoutMs: 20_000,
      onUpdate: (j) => seen.push(j.progress.done),
    });
    expect(job).toMatchObject({
      status: 'completed',
      result: { sum: 10 },
      error: null,
      attempts: 1,
      progress: { done: 4, total: 4, message: 'step 4' },
    });
    expect(job.finishedAt).not.toBeNull();
    expect((await queue.list({ createdBy: 7 })).map((j) => j.id)).toEqual([id]);
  });

  it('returns the queued job instead of a second one for the same singleton key', async () => {
    const queue = newQueue();
    const a = await queue.enqueue('test.single', { x: 1 }, { singletonKey: 'file-1' });
    const b = await queue.enqueue('test.single', { x: 2 }, { singletonKey: 'file-1' });
    const c = await queue.enqueue('test.single', { x: 3 }, { singletonKey: 'file-2' });
    expect(b).toEqual({ id: a.id, created: false });
    expect(c.created).toBe(true);
    expect(c.id).not.toBe(a.id);
    // Once the first has finished (here: cancelled), the key is free again.
    await queue.cancel(a.id);
    const d = await queue.enqueue('test.single', { x: 4 }, { singletonKey: 'file-1' });
    expect(d.created).toBe(true);
    await queue.cancel(c.id);
    await queue.cancel(d.id);
  });

  it('records the error of a handler that throws', async () => {
    const queue = newQueue();
    await queue.work('test.throws', async (job) => {
      await job.progress(1, 3);
      throw new Error('the file is unreadable');
    });
    await queue.start();
    const { id } = await queue.enqueue('test.throws', {});
    const job = await queue.waitFor(id, { timeoutMs: 20_000 });
    expect(job.status).toBe('failed');
    expect(job.error).toEqual({ code: 'internal', message: 'the file is unreadable' });
    expect(job.progress).toMatchObject({ done: 1, total: 3 });
    expect(job.attempts).toBe(1);
  });

  it('cancels a queued job before it starts and a running job at its next progress report', async () => {
    const queue = newQueue();
    const started = gate();
    const release = gate();
    let reportsAfterCancel = 0;
    await queue.work('test.long', async (job) => {
      await job.progress(1, 100);
      started.open();
      await release.opened;
      for (let i = 2; i <= 100; i++) {
        await job.progress(i, 100);
        reportsAfterCancel++;
      }
      return { finished: true };
    });
    const queued = await queue.enqueue('test.long', {});
    const cancelledQueued = await queue.cancel(queued.id);
    expect(cancelledQueued?.status).toBe('cancelled');

    await queue.start();
    const { id } = await queue.enqueue('test.long', {});
    await started.opened;
    const during = await queue.cancel(id);
    expect(during).toMatchObject({ status: 'running', cancelRequested: true });
    release.open();
    const job = await queue.waitFor(id, { timeoutMs: 20_000 });
    expect(job.status).toBe('cancelled');
    expect(job.result).toBeNull();
    expect(reportsAfterCancel).toBe(0);
    // The first (cancelled while queued) never ran.
    expect((await queue.get(queued.id))?.attempts).toBe(0);
  });

  it('resumes a job whose worker died', async () => {
    const name = 'test.resume';
    const b = newQueue();
    const { id } = await b.enqueue(name, { rows: 3 });

    // Worker A takes the job and dies in the middle of it.
    if (kind === 'postgres') {
      // A real second process, killed with SIGKILL: its connections (and the job's lock) drop.
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', '--input-type=module', '-e', crashingWorker],
        {
          env: { ...process.env, JOB_TEST_URL: testDb.url, JOB_TEST_NAME: name },
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('started')) resolve();
        });
        child.once('exit', (code) => reject(new Error(`the worker process ended early (${code})`)));
      });
      expect((await b.get(id))?.status).toBe('running');
      child.kill('SIGKILL');
    } else {
      // PGlite belongs to one process: a worker that stops mid-job and a new queue on the same data.
      const a = createJobQueue(database, { logger, ...fast });
      const started = gate();
      await a.work(name, async (job) => {
        await job.progress(1, 3);
        started.open();
        await new Promise(() => undefined);
      });
      await a.start();
      await started.opened;
      expect((await a.get(id))?.status).toBe('running');
      void a.stop();
    }

    // Worker B (another instance, or the restarted process) picks it up again.
    const c = kind === 'postgres' ? b : newQueue();
    await c.work<{ rows: number }, unknown>(name, async (job) => {
      for (let i = 1; i <= job.payload.rows; i++) await job.progress(i, job.payload.rows);
      return { resumedOnAttempt: job.attempt };
    });
    await c.start();
    const job = await c.waitFor(id, { timeoutMs: 30_000 });
    expect(job).toMatchObject({ status: 'completed', attempts: 2, result: { resumedOnAttempt: 2 } });
  });

  it('gives a job up after it crashed its worker too often', async () => {
    const queue = createJobQueue(database, { logger, ...fast, maxAttempts: 1 });
    queues.push(queue);
    const { id } = await queue.enqueue('test.poison', {});
    // Simulate a worker that claimed the job and died (no lock holder, status still running).
    await database.query(`UPDATE jobs SET status = 'running', attempts = 1, runner = 'dead' WHERE id = $1`, [
      id,
    ]);
    await queue.work('test.poison', async () => ({ ran: true }));
    await queue.start();
    const job = await until(
      () => queue.get(id),
      (j) => j?.status === 'failed',
    );
    expect(job?.error?.code).toBe('job.abandoned');
  });
});
