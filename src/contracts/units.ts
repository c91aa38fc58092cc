import { z } from 'zod';

export const unitLevels = ['federal', 'state', 'district', 'local'] as const;
export const unitLevelSchema = z
  .enum(unitLevels)
  .describe(
    'federal = Bundesverband, state = Landesverband, district = Kreisverband, local = Stadt-/Gemeindeverband',
  );
export type UnitLevel = z.infer<typeof unitLevelSchema>;

export const unitCodeSchema = z
  .string()
  .min(1)
  .max(32)
  .regex(/^[A-Z0-9][A-Z0-9-]*$/, 'Unit codes use capital letters, digits and hyphens, e.g. HE-06631');

export const unitSchema = z
  .object({
    code: unitCodeSchema,
    name: z.string(),
    level: unitLevelSchema,
    parentCode: unitCodeSchema.nullable(),
    ags: z
      .string()
      .nullable()
      .describe('Amtlicher Gemeindeschlüssel (5 digits for a Kreis, 8 for a Gemeinde)'),
  })
  .meta({ id: 'Unit' });
export type Unit = z.infer<typeof unitSchema>;

export const unitListQuerySchema = z.object({
  level: unitLevelSchema.optional(),
  parent: unitCodeSchema.optional().describe('Only the direct children of this unit'),
});
export type UnitListQuery = z.infer<typeof unitListQuerySchema>;

export const unitListSchema = z
  .object({ items: z.array(unitSchema), total: z.number().int() })
  .meta({ id: 'UnitList' });
