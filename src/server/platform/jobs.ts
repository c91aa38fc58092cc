import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import PgBoss from 'pg-boss';
import type { Job, JobStatusName } from '@/contracts/jobs';
import type { Database } from '@/server/db/database';
import { AppError } from '@/server/platform/errors';
import type { Logger } from '@/server/platform/logger';

/**
 * The one job interface. Imports, exports and later dues runs and OCR enqueue work here and register
 * handlers; the UI and the CLI read status, progress, result and error from the `jobs` table.
 *
 * - PostgreSQL: pg-boss 10 delivers the work (schema `pgboss`, same job id as ours), so several app
 *   instances share it. While a job runs its worker holds a session advisory lock on its id; when a
 *   process dies PostgreSQL drops its connection and the lock, and the next monitor pass of any
 *   instance puts the job back (pg-boss retries it). No waiting for a timeout.
 * - PGlite: one process owns the database, so an in-process runner claims rows from `jobs`
 *   directly; at start it puts back whatever a crashed predecessor left running.
 *
 * Handlers must be idempotent: after a crash a job runs again from the start (the import, for
 * example, records every finished row and skips it on the second run).
 */

export interface JobContext<P> {
  readonly id: string;
  readonly name: string;
  readonly payload: P;
  /** 1 on the first run, more after a crash. */
  readonly attempt: number;
  /** The account that enqueued the job, or null for system jobs. */
  readonly createdBy: number | null;
  /** Aborted when the job is cancelled, when the process shuts down, or when another worker took it over. */
  readonly signal: AbortSignal;
  /**
   * Records progress (persisted at most every `progressIntervalMs`, always when done === total)
   * and throws JobCancelledError once the job has been cancelled.
   */
  progress(done: number, total?: number | null, message?: string | null): Promise<void>;
  /** Throws if the job was cancelled or interrupted; call between units of work. */
  throwIfCancelled(): void;
}

export type JobHandler<P = unknown, R = unknown> = (job: JobContext<P>) => Promise<R>;

/** Thrown inside a handler (by progress/throwIfCancelled) once the job has been cancelled. */
export class JobCancelledError extends Error {
  constructor() {
    super('the job was cancelled');
    this.name = 'JobCancelledError';
  }
}

/** The process is stopping: the job goes back to the queue and runs again elsewhere or later. */
export class JobInterruptedError extends Error {
  constructor(reason = 'the worker is shutting down') {
    super(reason);
    this.name = 'JobInterruptedError';
  }
}

export interface EnqueueOptions {
  /** At most one queued or running job per name and key; enqueueing again returns that job. */
  singletonKey?: string;
  createdBy?: number | null;
}

export interface JobQueue {
  readonly kind: 'pg-boss' | 'in-process';
  enqueue<P extends object>(
    name: string,
    payload: P,
    options?: EnqueueOptions,
  ): Promise<{ id: string; created: boolean }>;
  /** Registers the handler for a job name; it starts running once the queue is started. */
  work<P, R>(name: string, handler: JobHandler<P, R>, options?: { concurrency?: number }): Promise<void>;
  get(id: string): Promise<Job | null>;
  list(filter?: { name?: string; createdBy?: number; limit?: number }): Promise<Job[]>;
  /** Cancels a queued job at once; a running job stops at its next progress report. */
  cancel(id: string): Promise<Job | null>;
  /** Polls until the job has finished (completed, failed or cancelled). */
  waitFor(id: string, options?: { timeoutMs?: number; onUpdate?: (job: Job) => void }): Promise<Job>;
  start(): Promise<void>;
  /** Interrupts running handlers (they are put back in the queue) and stops polling. */
  stop(): Promise<void>;
}

export interface JobQueueOptions {
  logger: Logger;
  /** How often an idle worker looks for work (PGlite) or pg-boss polls. */
  pollIntervalMs?: number;
  /** How often a running job proves it is alive and learns of a cancellation. */
  heartbeatMs?: number;
  /** How often PostgreSQL instances look for jobs whose worker died. */
  monitorIntervalMs?: number;
  progressIntervalMs?: number;
  /** Runs (first plus crash restarts) before a job is given up as failed. */
  maxAttempts?: number;
  /** How long stop() waits for interrupted handlers to return. */
  stopTimeoutMs?: number;
}

const DEFAULT_MAX_ATTEMPTS = 5;

const TERMINAL: ReadonlySet<JobStatusName> = new Set(['completed', 'failed', 'cancelled']);

const JOB_COLUMNS = `id, name, payload, status, singleton_key, progress_done::float8 AS progress_done,
  progress_total::float8 AS progress_total, progress_message, result, error_code, error_message, attempts,
  cancel_requested, created_by, created_at, started_at, finished_at`;

interface JobRow {
  id: string;
  name: string;
  payload: unknown;
  status: JobStatusName;
  singleton_key: string | null;
  progress_done: number;
  progress_total: number | null;
  progress_message: string | null;
  result: unknown;
  error_code: string | null;
  error_message: string | null;
  attempts: number;
  cancel_requested: boolean;
  created_by: number | null;
  created_at: Date | string;
  started_at: Date | string | null;
  finished_at: Date | string | null;
}

const iso = (v: Date | string | null): string | null =>
  v === null ? null : (v instanceof Date ? v : new Date(v)).toISOString();

function toJob(row: JobRow): Job {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    progress: {
      done: Number(row.progress_done),
      total: row.progress_total === null ? null : Number(row.progress_total),
      message: row.progress_message,
    },
    result: row.result ?? null,
    error: row.error_message === null ? null : { code: row.error_code, message: row.error_message },
    attempts: row.attempts,
    cancelRequested: row.cancel_requested,
    createdBy: row.created_by,
    createdAt: iso(row.created_at)!,
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
  };
}

/** A 52-bit advisory lock key for a job id (uuid): the first 13 hex digits. */
export function jobLockKey(id: string): number {
  return parseInt(id.replace(/-/g, '').slice(0, 13), 16);
}

export function createJobQueue(database: Database, options: JobQueueOptions): JobQueue {
  return database.kind === 'postgres'
    ? new PgBossJobQueue(database, options)
    : new InProcessJobQueue(database, options);
}

interface Registration {
  handler: JobHandler<unknown, unknown>;
  concurrency: number;
}

abstract class BaseJobQueue implements JobQueue {
  abstract readonly kind: 'pg-boss' | 'in-process';
  protected readonly runnerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  protected readonly handlers = new Map<string, Registration>();
  protected readonly running = new Map<string, AbortController>();
  protected readonly settled = new Set<Promise<unknown>>();
  protected started = false;
  protected stopping = false;
  protected readonly log: Logger;
  protected readonly pollIntervalMs: number;
  protected readonly heartbeatMs: number;
  protected readonly monitorIntervalMs: number;
  protected readonly progressIntervalMs: number;
  protected readonly maxAttempts: number;
  protected readonly stopTimeoutMs: number;

  constructor(
    protected readonly database: Database,
    options: JobQueueOptions,
  ) {
    this.log = options.logger;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.heartbeatMs = options.heartbeatMs ?? 2000;
    this.monitorIntervalMs = options.monitorIntervalMs ?? 5000;
    this.progressIntervalMs = options.progressIntervalMs ?? 250;
    this.maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    this.stopTimeoutMs = options.stopTimeoutMs ?? 10_000;
  }

  abstract start(): Promise<void>;
  protected abstract deliverEnqueued(name: string, id: string): Promise<void>;
  protected abstract register(name: string, registration: Registration): Promise<void>;
  protected abstract afterCancel(row: JobRow): Promise<void>;

  async enqueue<P extends object>(
    name: string,
    payload: P,
    options: EnqueueOptions = {},
  ): Promise<{ id: string; created: boolean }> {
    const id = randomUUID();
    const singletonKey = options.singletonKey ?? null;
    const inserted = await this.database.query<{ id: string }>(
      `INSERT INTO jobs (id, name, payload, status, singleton_key, created_by)
       VALUES ($1, $2, $3::jsonb, 'queued', $4, $5)
       ON CONFLICT (name, singleton_key) WHERE singleton_key IS NOT NULL AND status IN ('queued', 'running')
       DO NOTHING RETURNING id`,
      [id, name, JSON.stringify(payload), singletonKey, options.createdBy ?? null],
    );
    if (inserted.length === 0) {
      const existing = await this.database.query<{ id: string }>(
        `SELECT id FROM jobs WHERE name = $1 AND singleton_key = $2 AND status IN ('queued', 'running')`,
        [name, singletonKey],
      );
      // The other job finished between our insert and this read: try once more.
      if (existing.length === 0) return this.enqueue(name, payload, options);
      return { id: existing[0]!.id, created: false };
    }
    await this.deliverEnqueued(name, id);
    return { id, created: true };
  }

  async work<P, R>(name: string, handler: JobHandler<P, R>, options: { concurrency?: number } = {}) {
    const registration = {
      handler: handler as JobHandler<unknown, unknown>,
      concurrency: Math.max(1, options.concurrency ?? 1),
    };
    this.handlers.set(name, registration);
    if (this.started) await this.register(name, registration);
  }

  async get(id: string): Promise<Job | null> {
    const rows = await this.database.query<JobRow>(`SELECT ${JOB_COLUMNS} FROM jobs WHERE id = $1`, [id]);
    return rows[0] ? toJob(rows[0]) : null;
  }

  async list(filter: { name?: string; createdBy?: number; limit?: number } = {}): Promise<Job[]> {
    const rows = await this.database.query<JobRow>(
      `SELECT ${JOB_COLUMNS} FROM jobs
       WHERE ($1::text IS NULL OR name = $1) AND ($2::int IS NULL OR created_by = $2)
       ORDER BY created_at DESC, id LIMIT $3`,
      [filter.name ?? null, filter.createdBy ?? null, Math.min(filter.limit ?? 50, 500)],
    );
    return rows.map(toJob);
  }

  async cancel(id: string): Promise<Job | null> {
    const rows = await this.database.query<JobRow>(
      `UPDATE jobs SET cancel_requested = true,
         status = CASE WHEN status = 'queued' THEN 'cancelled' ELSE status END,
         finished_at = CASE WHEN status = 'queued' THEN now() ELSE finished_at END
       WHERE id = $1 AND status IN ('queued', 'running')
       RETURNING ${JOB_COLUMNS}`,
      [id],
    );
    if (rows[0]) {
      await this.afterCancel(rows[0]);
      // Tell a handler running in this process at once rather than at its next heartbeat.
      if (rows[0].status === 'running') this.running.get(id)?.abort(new JobCancelledError());
      return toJob(rows[0]);
    }
    return this.get(id);
  }

  async waitFor(
    id: string,
    options: { timeoutMs?: number; onUpdate?: (job: Job) => void } = {},
  ): Promise<Job> {
    const deadline = options.timeoutMs === undefined ? Infinity : Date.now() + options.timeoutMs;
    for (;;) {
      const job = await this.get(id);
      if (!job) throw new Error(`job ${id} does not exist`);
      options.onUpdate?.(job);
      if (TERMINAL.has(job.status)) return job;
      if (Date.now() > deadline) throw new Error(`job ${id} did not finish within ${options.timeoutMs} ms`);
      await sleep(Math.min(200, this.pollIntervalMs));
    }
  }

  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    for (const controller of this.running.values()) controller.abort(new JobInterruptedError());
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.settled]),
      new Promise((resolve) => (timer = setTimeout(resolve, this.stopTimeoutMs))),
    ]);
    clearTimeout(timer);
    await this.shutdown();
    this.started = false;
  }

  protected abstract shutdown(): Promise<void>;

  /** Marks the row as ours and running; null when it is no longer runnable. */
  protected async claim(id: string): Promise<JobRow | null> {
    const rows = await this.database.query<JobRow>(
      `UPDATE jobs SET status = 'running', attempts = attempts + 1, runner = $2, heartbeat_at = now(),
         started_at = coalesce(started_at, now())
       WHERE id = $1 AND status = 'queued' AND NOT cancel_requested
       RETURNING ${JOB_COLUMNS}`,
      [id, this.runnerId],
    );
    return rows[0] ?? null;
  }

  /**
   * Runs a claimed job to its end and records the outcome. Returns 'requeue' when the process is
   * stopping (the job must run again), 'done' otherwise.
   */
  protected async execute(row: JobRow, handler: JobHandler<unknown, unknown>): Promise<'done' | 'requeue'> {
    const controller = new AbortController();
    this.running.set(row.id, controller);
    let lastWrite = 0;
    let lastDone = Number(row.progress_done);
    let lastTotal: number | null = row.progress_total === null ? null : Number(row.progress_total);
    let lastMessage: string | null = row.progress_message;

    const check = async (write: boolean) => {
      const result = await this.database.query<{ cancel_requested: boolean }>(
        write
          ? `UPDATE jobs SET heartbeat_at = now(), progress_done = $3, progress_total = $4, progress_message = $5
             WHERE id = $1 AND runner = $2 AND status = 'running' RETURNING cancel_requested`
          : `UPDATE jobs SET heartbeat_at = now() WHERE id = $1 AND runner = $2 AND status = 'running'
             RETURNING cancel_requested`,
        write ? [row.id, this.runnerId, lastDone, lastTotal, lastMessage] : [row.id, this.runnerId],
      );
      if (controller.signal.aborted) return;
      if (result.length === 0) controller.abort(new JobInterruptedError('another worker took the job over'));
      else if (result[0]!.cancel_requested) controller.abort(new JobCancelledError());
    };
    const heartbeat = setInterval(() => {
      check(false).catch((error: unknown) =>
        this.log.warn({ err: error, job: row.id }, 'job heartbeat failed'),
      );
    }, this.heartbeatMs);
    heartbeat.unref();

    const throwIfCancelled = () => {
      if (controller.signal.aborted) throw controller.signal.reason;
    };
    const context: JobContext<unknown> = {
      id: row.id,
      name: row.name,
      payload: row.payload,
      attempt: row.attempts,
      createdBy: row.created_by,
      signal: controller.signal,
      throwIfCancelled,
      async progress(done, total, message) {
        lastDone = done;
        if (total !== undefined) lastTotal = total;
        if (message !== undefined) lastMessage = message;
        const now = Date.now();
        if (now - lastWrite >= progressIntervalMs || (lastTotal !== null && done >= lastTotal)) {
          lastWrite = now;
          await check(true);
        }
        throwIfCancelled();
      },
    };
    const progressIntervalMs = this.progressIntervalMs;

    const finish = async (
      status: JobStatusName,
      fields: { result?: unknown; code?: string; message?: string },
    ) => {
      await this.database.query(
        `UPDATE jobs SET status = $3, result = $4::jsonb, error_code = $5, error_message = $6, finished_at = now(),
           progress_done = $7, progress_total = $8, progress_message = $9, runner = NULL, heartbeat_at = now()
         WHERE id = $1 AND runner = $2 AND status = 'running'`,
        [
          row.id,
          this.runnerId,
          status,
          fields.result === undefined ? null : JSON.stringify(fields.result),
          fields.code ?? null,
          fields.message ?? null,
          lastDone,
          lastTotal,
          lastMessage,
        ],
      );
    };

    try {
      const result = await handler(context);
      // A handler that returns has finished its work, even if a stop or cancel arrived meanwhile;
      // a cancelled one keeps what it returned (e.g. the counts of a partial import).
      const cancelled = controller.signal.reason instanceof JobCancelledError;
      await finish(cancelled ? 'cancelled' : 'completed', { result: result ?? null });
      return 'done';
    } catch (error) {
      const reason: unknown = controller.signal.aborted ? controller.signal.reason : undefined;
      if (error instanceof JobCancelledError || reason instanceof JobCancelledError) {
        await finish('cancelled', {});
        return 'done';
      }
      if (error instanceof JobInterruptedError || reason instanceof JobInterruptedError) {
        return await this.release(row, 'requeue');
      }
      const code = error instanceof AppError ? error.code : 'internal';
      const message = error instanceof Error ? error.message : String(error);
      this.log.warn({ err: error, job: row.id, name: row.name }, 'job failed');
      await finish('failed', { code, message });
      return 'done';
    } finally {
      clearInterval(heartbeat);
      this.running.delete(row.id);
    }
  }

  /** Gives a job back to the queue (it runs again later, here or on another instance). */
  private async release(row: JobRow, outcome: 'requeue'): Promise<'requeue'> {
    await this.database.query(
      `UPDATE jobs SET status = 'queued', runner = NULL WHERE id = $1 AND runner = $2 AND status = 'running'`,
      [row.id, this.runnerId],
    );
    return outcome;
  }

  protected track<T>(promise: Promise<T>): Promise<T> {
    this.settled.add(promise);
    void promise.finally(() => this.settled.delete(promise)).catch(() => undefined);
    return promise;
  }

  /** Jobs left running by a dead worker: give up those that crashed too often, queue the rest. */
  protected async requeueAbandoned(ids: string[]): Promise<{ requeued: JobRow[]; failed: number }> {
    if (ids.length === 0) return { requeued: [], failed: 0 };
    const failed = await this.database.query(
      `UPDATE jobs SET status = 'failed', runner = NULL, finished_at = now(), error_code = 'job.abandoned',
         error_message = 'The job stopped ' || attempts || ' times without finishing (the worker process ended); it was given up.'
       WHERE id = ANY($1::uuid[]) AND status = 'running' AND attempts >= $2 RETURNING id`,
      [ids, this.maxAttempts],
    );
    const requeued = await this.database.query<JobRow>(
      `UPDATE jobs SET status = CASE WHEN cancel_requested THEN 'cancelled' ELSE 'queued' END,
         finished_at = CASE WHEN cancel_requested THEN now() ELSE NULL END, runner = NULL
       WHERE id = ANY($1::uuid[]) AND status = 'running' RETURNING ${JOB_COLUMNS}`,
      [ids],
    );
    for (const r of requeued) {
      this.log.info(
        { job: r.id, name: r.name, attempts: r.attempts },
        'job of a stopped worker put back in the queue',
      );
    }
    return { requeued, failed: failed.length };
  }
}

/** PGlite: one process owns the database; jobs are claimed from the table in this process. */
class InProcessJobQueue extends BaseJobQueue {
  readonly kind = 'in-process' as const;
  private timer: NodeJS.Timeout | undefined;
  private readonly active = new Map<string, number>();
  private readonly ticking = new Set<string>();

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.stopping = false;
    // Whatever is still 'running' was left by a process that ended without finishing it.
    const left = await this.database.query<{ id: string }>(`SELECT id FROM jobs WHERE status = 'running'`);
    await this.requeueAbandoned(left.map((r) => r.id));
    this.timer = setInterval(() => {
      for (const name of this.handlers.keys()) this.tick(name);
    }, this.pollIntervalMs);
    this.timer.unref();
    for (const name of this.handlers.keys()) this.tick(name);
  }

  protected async register(name: string): Promise<void> {
    this.tick(name);
  }

  protected async deliverEnqueued(name: string): Promise<void> {
    if (this.started) this.tick(name);
  }

  protected async afterCancel(): Promise<void> {}

  private tick(name: string): void {
    if (!this.started || this.stopping || this.ticking.has(name)) return;
    const registration = this.handlers.get(name);
    if (!registration) return;
    this.ticking.add(name);
    void (async () => {
      try {
        while (!this.stopping && (this.active.get(name) ?? 0) < registration.concurrency) {
          const rows = await this.database.query<{ id: string }>(
            `SELECT id FROM jobs WHERE status = 'queued' AND name = $1 AND NOT cancel_requested
             ORDER BY created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED`,
            [name],
          );
          const row = rows[0] ? await this.claim(rows[0].id) : null;
          if (!row) break;
          this.active.set(name, (this.active.get(name) ?? 0) + 1);
          void this.track(this.execute(row, registration.handler))
            .catch((error: unknown) => this.log.error({ err: error, job: row.id }, 'job bookkeeping failed'))
            .finally(() => {
              this.active.set(name, (this.active.get(name) ?? 1) - 1);
              this.tick(name);
            });
        }
      } catch (error) {
        if (!this.stopping) this.log.error({ err: error, name }, 'could not fetch jobs');
      } finally {
        this.ticking.delete(name);
      }
    })();
  }

  protected async shutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}

/** pg-boss over the application's connection pool (it opens none of its own), schema `pgboss`. */
function createBoss(database: Database, options: { supervise: boolean }): PgBoss {
  return new PgBoss({
    db: {
      executeSql: async (text: string, values?: unknown[]) => ({ rows: await database.query(text, values) }),
    },
    schema: 'pgboss',
    schedule: false,
    supervise: options.supervise,
    migrate: true,
    maintenanceIntervalSeconds: 60,
  });
}

function queueOptions(name: string, maxAttempts: number) {
  return {
    name,
    // A crash fails the pg-boss job; these retries are what bring it back.
    retryLimit: Math.max(0, maxAttempts - 1),
    retryDelay: 1,
    // Only a backstop: liveness is the advisory lock, not a timeout.
    expireInSeconds: 12 * 60 * 60,
  };
}

/**
 * Installs or upgrades the job queue's schema (pg-boss), creates the named queues (a table each)
 * and lets servicestelle_app use them. pg-boss does this itself at start, which a server that logs
 * in as a role owning nothing may not (docs/security.md): the owner runs it at `servicestelle
 * migrate`. On PGlite there is nothing to prepare.
 */
export async function prepareJobQueue(
  database: Database,
  queueNames: readonly string[],
  maxAttempts = DEFAULT_MAX_ATTEMPTS,
): Promise<void> {
  if (database.kind !== 'postgres') return;
  const boss = createBoss(database, { supervise: false });
  await boss.start();
  try {
    for (const name of queueNames) await boss.createQueue(name, queueOptions(name, maxAttempts));
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
  // The queues' tables are partitions of pgboss.job: the application reaches them through it.
  await database.exec(
    `GRANT USAGE ON SCHEMA pgboss TO servicestelle_app;
     GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA pgboss TO servicestelle_app;`,
  );
}

/** PostgreSQL: pg-boss delivers; a session advisory lock per running job tells live workers from dead ones. */
class PgBossJobQueue extends BaseJobQueue {
  readonly kind = 'pg-boss' as const;
  private boss: PgBoss | undefined;
  private monitorTimer: NodeJS.Timeout | undefined;
  private readonly queues = new Set<string>();

  private getBoss(): PgBoss {
    if (!this.boss) {
      this.boss = createBoss(this.database, { supervise: true });
      this.boss.on('error', (error) => {
        if (!this.stopping) this.log.warn({ err: error }, 'job queue (pg-boss) reported an error');
      });
    }
    return this.boss;
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.stopping = false;
    await this.getBoss().start();
    this.started = true;
    for (const [name, registration] of this.handlers) await this.register(name, registration);
    await this.monitor();
    this.monitorTimer = setInterval(() => {
      this.monitor().catch((error: unknown) => {
        if (!this.stopping) this.log.warn({ err: error }, 'job monitor failed');
      });
    }, this.monitorIntervalMs);
    this.monitorTimer.unref();
  }

  private async ensureQueue(name: string): Promise<void> {
    if (this.queues.has(name)) return;
    await this.getBoss().createQueue(name, queueOptions(name, this.maxAttempts));
    this.queues.add(name);
  }

  protected async register(name: string, registration: Registration): Promise<void> {
    await this.ensureQueue(name);
    for (let i = 0; i < registration.concurrency; i++) {
      await this.getBoss().work(
        name,
        { batchSize: 1, pollingIntervalSeconds: Math.max(0.5, this.pollIntervalMs / 1000) },
        async ([job]) => {
          if (!job || this.stopping) throw new JobInterruptedError();
          const outcome = await this.track(this.deliver(job.id, registration.handler));
          // Throwing makes pg-boss fail the attempt and retry it: the job must run again.
          if (outcome === 'requeue') throw new JobInterruptedError();
        },
      );
    }
  }

  private async deliver(id: string, handler: JobHandler<unknown, unknown>): Promise<'done' | 'requeue'> {
    const key = jobLockKey(id);
    if (!(await this.lockIsFree(key))) return 'done'; // a live worker elsewhere runs it
    return this.database.withLock(key, async () => {
      // Still 'running' although we hold its lock: its worker died before the monitor noticed.
      const left = await this.database.query<{ id: string }>(
        `SELECT id FROM jobs WHERE id = $1 AND status = 'running'`,
        [id],
      );
      await this.requeueAbandoned(left.map((r) => r.id));
      const row = await this.claim(id);
      if (!row) return 'done';
      return this.execute(row, handler);
    });
  }

  private async lockIsFree(key: number): Promise<boolean> {
    const rows = await this.database.query<{ free: boolean }>(
      `SELECT CASE WHEN pg_try_advisory_lock($1::bigint) THEN pg_advisory_unlock($1::bigint) ELSE false END AS free`,
      [key],
    );
    return rows[0]?.free === true;
  }

  protected async deliverEnqueued(name: string, id: string): Promise<void> {
    if (!this.started) await this.start();
    await this.ensureQueue(name);
    try {
      await this.getBoss().send(name, {}, { id });
    } catch (error) {
      await this.database.query(`DELETE FROM jobs WHERE id = $1 AND status = 'queued'`, [id]);
      throw error;
    }
  }

  protected async afterCancel(row: JobRow): Promise<void> {
    if (row.status === 'cancelled') await this.getBoss().cancel(row.name, row.id);
  }

  /**
   * Finds jobs whose worker died (running, but nobody holds their lock) and hands them back to
   * pg-boss; and queued jobs that never reached pg-boss (the process ended between the two writes).
   */
  async monitor(): Promise<void> {
    if (!this.started || this.stopping) return;
    const running = await this.database.query<{ id: string }>(`SELECT id FROM jobs WHERE status = 'running'`);
    const dead: string[] = [];
    for (const { id } of running) {
      if (await this.lockIsFree(jobLockKey(id))) {
        // Re-read: the worker may have finished between the two queries.
        const still = await this.database.query(`SELECT 1 FROM jobs WHERE id = $1 AND status = 'running'`, [
          id,
        ]);
        if (still.length > 0) dead.push(id);
      }
    }
    const { requeued } = await this.requeueAbandoned(dead);
    const boss = this.getBoss();
    for (const row of requeued) {
      if (row.status !== 'queued') continue;
      const job = await boss.getJobById(row.name, row.id);
      if (job?.state === 'active') await boss.fail(row.name, row.id, { message: 'worker stopped' });
    }
    const stale = await this.database.query<{ id: string; name: string }>(
      `SELECT id, name FROM jobs WHERE status = 'queued' AND created_at < now() - interval '10 seconds'
       ORDER BY created_at LIMIT 100`,
    );
    for (const row of stale) {
      await this.ensureQueue(row.name);
      const job = await boss.getJobById(row.name, row.id);
      if (job && (job.state === 'created' || job.state === 'retry' || job.state === 'active')) continue;
      if (job) await boss.deleteJob(row.name, row.id);
      await boss.send(row.name, {}, { id: row.id });
    }
  }

  protected async shutdown(): Promise<void> {
    if (this.monitorTimer) clearInterval(this.monitorTimer);
    this.monitorTimer = undefined;
    // The pool belongs to the Database; pg-boss must not close it.
    await this.boss?.stop({ graceful: true, wait: true, close: false, timeout: this.stopTimeoutMs });
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
