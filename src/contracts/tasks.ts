import { z } from 'zod';
import { unitCodeSchema } from '@/contracts/units';

/**
 * The task and notification list. Tasks are computed from running deadlines when asked (they
 * cannot go stale); notifications are events stored for a unit (a transfer in or out).
 */
export const taskSchema = z
  .object({
    kind: z
      .enum(['admission_decision', 'objection_window'])
      .describe(
        'admission_decision: applications waiting; objection_window: admissions the Landesverband may still object to',
      ),
    unitCode: unitCodeSchema,
    unitName: z.string(),
    count: z.number().int(),
    oldestSince: z.iso.date(),
    oldestDays: z.number().int().describe('Days since the oldest one began (e.g. "einer seit 26 Tagen")'),
    due: z.iso.date().describe('The deadline of the oldest one'),
    overdue: z.boolean(),
  })
  .meta({ id: 'Task' });
export type Task = z.infer<typeof taskSchema>;

export const notificationSchema = z
  .object({
    id: z.number().int(),
    unitCode: unitCodeSchema,
    kind: z.string().describe('member.transfer_in, member.transfer_out, ...; the UI translates by kind'),
    memberId: z.number().int().nullable(),
    params: z.record(z.string(), z.unknown()).describe('Values for the message'),
    createdAt: z.iso.datetime(),
    done: z.boolean(),
  })
  .meta({ id: 'Notification' });
export type Notification = z.infer<typeof notificationSchema>;

export const taskOverviewSchema = z
  .object({ tasks: z.array(taskSchema), notifications: z.array(notificationSchema) })
  .meta({ id: 'TaskOverview' });
export type TaskOverview = z.infer<typeof taskOverviewSchema>;

export const notificationQuerySchema = z.object({
  includeDone: z.enum(['true', 'false']).default('false'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
