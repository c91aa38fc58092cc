import type { Database } from '@/server/db/database';
import type { JobQueue } from '@/server/platform/jobs';
import type { Logger } from '@/server/platform/logger';
import * as members from '@/server/modules/members/members.service';
import { germanToday } from '@/contracts/dates';
import * as statistics from '@/server/modules/statistics/statistics.service';

/** The job that keeps the member file current once a day; see docs/operations.md. */
export const DAILY_JOB = 'maintenance.daily';

export interface DailyResult {
  day: string;
  /** Records whose scheduled status step (resignation at a date, …) took effect. */
  statusesApplied: number;
  /** Statistics days dropped because nobody asked for them in a month. */
  statisticsDaysDropped: number;
}

/**
 * One day's maintenance: scheduled status steps take effect, today's statistics are counted
 * before the first reader needs them, and unused statistics days are dropped. Idempotent: a
 * second run on the same day changes nothing, so a crash or a second instance is harmless.
 */
export async function runDailyMaintenance(database: Database, day = germanToday()): Promise<DailyResult> {
  const statusesApplied = await members.applyDueTransitions(database, day);
  const { dropped } = await statistics.maintainStatistics(database, { day });
  return { day, statusesApplied, statisticsDaysDropped: dropped };
}

/**
 * Registers the job and asks for it once an hour; it runs when the Berlin day has changed since
 * the last run of this process (and shortly after start). With several instances on PostgreSQL
 * each may run it once a day, which the idempotent job allows.
 */
export async function startDailyMaintenance(
  jobs: JobQueue,
  database: Database,
  logger: Logger,
  options: { firstRunAfterMs?: number; checkEveryMs?: number } = {},
): Promise<{ stop(): void }> {
  await jobs.work<{ day: string }, DailyResult>(DAILY_JOB, (job) =>
    runDailyMaintenance(database, job.payload.day),
  );
  let lastDay: string | null = null;
  const tick = () => {
    const day = germanToday();
    if (day === lastDay) return;
    lastDay = day;
    jobs.enqueue(DAILY_JOB, { day }, { singletonKey: day }).catch((error: unknown) => {
      lastDay = null;
      logger.warn({ err: error }, 'the daily maintenance could not be queued; trying again in an hour');
    });
  };
  const first = setTimeout(tick, options.firstRunAfterMs ?? 60_000);
  const every = setInterval(tick, options.checkEveryMs ?? 3_600_000);
  first.unref();
  every.unref();
  return {
    stop() {
      clearTimeout(first);
      clearInterval(every);
    },
  };
}
