import { z } from 'zod';
import { isoDateSchema } from '@/contracts/members';
import { unitCodeSchema, unitLevelSchema } from '@/contracts/units';

export const allocationMethods = ['sainte-lague', 'hare-niemeyer', 'dhondt'] as const;
export const allocationMethodSchema = z
  .enum(allocationMethods)
  .describe("sainte-lague = Sainte-Laguë/Schepers, hare-niemeyer = largest remainders, dhondt = D'Hondt");

export const allocationRequestSchema = z
  .object({
    level: unitLevelSchema.describe('The level whose units receive seats, e.g. district (Kreisverbände)'),
    parent: unitCodeSchema.optional().describe('Only the units below this one (default: the state unit)'),
    seats: z.number().int().min(1).max(10_000),
    method: allocationMethodSchema,
    cutoff: isoDateSchema.describe(
      'Stichtag: members with status member on this day are counted; not after today (German time)',
    ),
    minimumSeats: z.number().int().min(0).max(100).optional(),
    basicSeats: z
      .number()
      .int()
      .min(0)
      .max(100)
      .optional()
      .describe('Grundmandate: given to every unit first'),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31)
      .optional()
      .describe('Seed of the lot for ties; chosen at random and recorded when not given'),
  })
  .meta({ id: 'AllocationRequest' });
export type AllocationRequest = z.infer<typeof allocationRequestSchema>;

export const allocationSchema = z
  .object({
    id: z.number().int(),
    level: unitLevelSchema,
    parent: unitCodeSchema,
    seats: z.number().int(),
    method: allocationMethodSchema,
    cutoff: isoDateSchema,
    minimumSeats: z.number().int(),
    basicSeats: z.number().int(),
    seed: z.number().int(),
    total: z.number().int().describe('Members of all units on the cut-off date'),
    divisor: z
      .number()
      .nullable()
      .describe('Divisor methods: a divisor that reproduces the proportional seats'),
    quotaBase: z.number().nullable().describe('Hare/Niemeyer: members per seat'),
    units: z.array(
      z.object({
        code: unitCodeSchema,
        name: z.string(),
        count: z.number().int().describe('Snapshot: members on the cut-off date'),
        basicSeats: z.number().int(),
        seats: z.number().int(),
        raisedToMinimum: z.boolean(),
        quota: z.number().describe('Hare/Niemeyer: exact quota; divisor methods: count / divisor'),
      }),
    ),
    ties: z.array(
      z.object({
        units: z.array(z.string()),
        seatsAtStake: z.number().int(),
        lotOrder: z.array(z.string()).describe('The lot (seeded shuffle): the first seatsAtStake units won'),
        value: z.number(),
      }),
    ),
    createdAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'Allocation' });
export type Allocation = z.infer<typeof allocationSchema>;

export const allocationIdParamsSchema = z.object({ id: z.coerce.number().int().min(1) });
