import { z } from 'zod';
import { isoDateSchema, memberStatusSchema } from '@/contracts/members';
import { unitCodeSchema, unitLevelSchema } from '@/contracts/units';

/**
 * The statuses that count as membership in the statistics: admitted (provisional, within the
 * objection window), full and dormant members. Applicants are shown apart as "waiting".
 */
export const countedStatuses = ['provisional', 'member', 'dormant'] as const;

/** Age bands of the age chart and the pyramid: [from, to] in whole years, `to` null = open end. */
export const ageBands: readonly { from: number; to: number | null }[] = [
  { from: 0, to: 17 },
  { from: 18, to: 24 },
  { from: 25, to: 34 },
  { from: 35, to: 44 },
  { from: 45, to: 54 },
  { from: 55, to: 64 },
  { from: 65, to: 74 },
  { from: 75, to: 84 },
  { from: 85, to: null },
];

export const genders = ['female', 'male', 'diverse', 'unspecified'] as const;
const genderSchema = z.enum(genders);

export const statisticsQuerySchema = z.object({
  unit: unitCodeSchema
    .optional()
    .describe('The unit (with its subtree); default: the widest unit you may read'),
  asOf: isoDateSchema
    .optional()
    .describe('The day the figures are for (from the status history); default: today'),
});
export type StatisticsQuery = z.infer<typeof statisticsQuerySchema>;

const countSchema = z.number().int().nonnegative();

const unitCountSchema = z.object({
  unitCode: unitCodeSchema,
  name: z.string(),
  level: unitLevelSchema,
  /** Amtlicher Gemeindeschlüssel (5 digits for a Kreis): what the map joins on. */
  ags: z.string().nullable(),
  count: countSchema,
  /** True for the members recorded at the selected unit itself rather than below it. */
  direct: z.boolean(),
});

export const memberStatisticsSchema = z
  .object({
    unitCode: unitCodeSchema,
    unitName: z.string(),
    unitLevel: unitLevelSchema,
    asOf: isoDateSchema,
    /** Members (provisional, member, dormant) in the unit's subtree on asOf, within your scope. */
    total: countSchema,
    countedStatuses: z.array(memberStatusSchema),
    /** The units directly below the selected one, each with its whole subtree's count. */
    byUnit: z.array(unitCountSchema),
    /** Per Kreisverband (level district) within the selection: the map's figures. */
    byDistrict: z.array(unitCountSchema),
    byStatus: z.array(z.object({ status: memberStatusSchema, count: countSchema })),
    byGender: z.array(z.object({ gender: genderSchema, count: countSchema })),
    byAgeGroup: z.array(
      z.object({ from: z.number().int(), to: z.number().int().nullable(), count: countSchema }),
    ),
    /** The age bands split by gender; unknown birthdates are left out. */
    agePyramid: z.array(
      z.object({
        from: z.number().int(),
        to: z.number().int().nullable(),
        female: countSchema,
        male: countSchema,
        diverse: countSchema,
        unspecified: countSchema,
      }),
    ),
    ageUnknown: countSchema.describe('Members without a birthdate you may see'),
    /** Share of women among members with a recorded gender (0..1); null when there is none. */
    shareOfWomen: z.number().nullable(),
    averageAge: z.number().nullable().describe('In years, one decimal; null without birthdates'),
    /** Joins and leaves per calendar month, the 24 months up to asOf, oldest first. */
    joinsAndLeaves: z.array(
      z.object({ month: z.string().regex(/^\d{4}-\d{2}$/), joins: countSchema, leaves: countSchema }),
    ),
    /** Members holding a mandate on asOf, per level of the mandate. */
    mandateHolders: z.array(z.object({ level: z.string(), count: countSchema })),
    applicantsWaiting: countSchema.describe('Applications not yet decided on asOf'),
    /** Units you may pick for the statistics (state and district level, and below the selected district). */
    selectable: z.array(
      z.object({
        unitCode: unitCodeSchema,
        name: z.string(),
        level: unitLevelSchema,
        parentCode: unitCodeSchema.nullable(),
      }),
    ),
  })
  .meta({ id: 'MemberStatistics' });
export type MemberStatistics = z.infer<typeof memberStatisticsSchema>;
