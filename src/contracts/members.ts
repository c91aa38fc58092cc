import { z } from 'zod';
import { countryCodeSchema, emailSchema, phoneSchema } from '@/contracts/contact';
import { problemSchema } from '@/contracts/errors';
import { unitCodeSchema } from '@/contracts/units';

// ---------------------------------------------------------------------------------------------
// Vocabulary

export const memberStatuses = [
  'applicant',
  'provisional',
  'member',
  'dormant',
  'rejected',
  'resigned',
  'deceased',
  'expelled',
  'lapsed',
] as const;
export const memberStatusSchema = z
  .enum(memberStatuses)
  .describe(
    'applicant = Aufnahmeantrag, provisional = admitted, Landesverband may still object, member, dormant = ruhend, ' +
      'rejected, resigned = Austritt, deceased, expelled = Ausschluss, lapsed = Streichung (arrears)',
  );
export type MemberStatus = z.infer<typeof memberStatusSchema>;

export const transitionTypes = [
  'admit',
  'reject',
  'confirm',
  'object',
  'resign',
  'expel',
  'lapse',
  'decease',
  'suspend',
  'reactivate',
] as const;
export const transitionTypeSchema = z
  .enum(transitionTypes)
  .describe(
    'admit (Kreisverband admits an applicant), reject, confirm (admission final), object (Landesverband objects ' +
      'within its window), resign, expel, lapse, decease, suspend (→ dormant), reactivate',
  );
export type TransitionType = z.infer<typeof transitionTypeSchema>;

export const genders = ['female', 'male', 'diverse', 'unspecified'] as const;
export const genderSchema = z.enum(genders).describe('w / m / d / keine Angabe');

export const consentChannels = ['email', 'phone', 'post'] as const;
export const consentChannelSchema = z.enum(consentChannels);

export const isoDateSchema = z.iso.date().describe('Calendar date, YYYY-MM-DD');

/** Seven-digit running number and a check digit (Damm), e.g. 12345679. */
export const memberNumberSchema = z
  .string()
  .regex(/^\d{8}$/, 'A member number has eight digits (seven and a check digit).');

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

// ---------------------------------------------------------------------------------------------
// The record

export const consentSchema = z
  .object({
    channel: consentChannelSchema,
    grantedOn: isoDateSchema,
    source: z.string().trim().min(1).max(200).describe('How it was given, e.g. "Aufnahmeantrag (Papier)"'),
    withdrawnOn: isoDateSchema.nullable(),
    withdrawalSource: z.string().trim().max(200).nullable(),
  })
  .meta({ id: 'Consent' });
export type Consent = z.infer<typeof consentSchema>;

export const consentInputSchema = consentSchema.extend({
  withdrawnOn: isoDateSchema.nullable().optional(),
  withdrawalSource: z.string().trim().max(200).nullable().optional(),
});

export const associationMembershipSchema = z
  .object({
    code: z.string().min(1).max(40).describe('From the association catalogue, e.g. youth'),
    since: isoDateSchema,
    until: isoDateSchema.nullable(),
  })
  .meta({ id: 'AssociationMembership' });

export const deadlineSchema = z
  .object({
    kind: z.enum(['admission_decision', 'objection_window']),
    due: isoDateSchema.describe('The last day on which the step is on time'),
    daysLeft: z.number().int().describe('Negative once overdue'),
  })
  .meta({ id: 'Deadline' });

export const memberSchema = z
  .object({
    id: z.number().int(),
    memberNumber: memberNumberSchema.nullable().describe('Assigned at admission; applicants have none'),
    salutation: z.string().nullable(),
    title: z.string().nullable(),
    firstName: z.string(),
    lastName: z.string(),
    nameAffix: z.string().nullable(),
    birthdate: isoDateSchema.nullable().optional().describe('Absent when the caller may not see it'),
    gender: genderSchema.optional().describe('Absent when the caller may not see it'),
    street: z.string().nullable(),
    houseNumber: z.string().nullable(),
    addressExtra: z.string().nullable(),
    postcode: z.string().nullable(),
    city: z.string().nullable(),
    country: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable().describe('E.164'),
    entryDate: isoDateSchema.nullable(),
    unitCode: unitCodeSchema,
    unitName: z.string(),
    districtCode: unitCodeSchema.nullable().describe('The Kreisverband the unit belongs to'),
    residenceAgs: z.string().nullable().describe('Gemeinde (AGS) of the address, as derived or chosen'),
    residenceException: z
      .string()
      .nullable()
      .describe('Why the member belongs to another unit than the one of the residence (null: none)'),
    status: memberStatusSchema,
    statusSince: isoDateSchema,
    deadline: deadlineSchema.nullable(),
    allowedTransitions: z.array(transitionTypeSchema),
    associations: z.array(associationMembershipSchema),
    consents: z.array(consentSchema),
    notes: z.string().nullable().optional().describe('Absent when the caller may not see it'),
    hiddenFields: z.array(z.string()).describe('Fields withheld by the field rules'),
    version: z.number().int().describe('Also sent as ETag; send it back as If-Match'),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Member' });
export type Member = z.infer<typeof memberSchema>;

export const memberListItemSchema = z
  .object({
    id: z.number().int(),
    memberNumber: memberNumberSchema.nullable(),
    firstName: z.string(),
    lastName: z.string(),
    unitCode: unitCodeSchema,
    status: memberStatusSchema,
    version: z.number().int(),
    postcode: z.string().nullable(),
    city: z.string().nullable(),
    birthdate: isoDateSchema.nullable().optional().describe('Absent when the caller may not see it'),
    entryDate: isoDateSchema.nullable(),
    match: z
      .enum(['number', 'email', 'phone', 'postcode', 'exact', 'prefix', 'phonetic', 'fuzzy', 'city'])
      .optional()
      .describe('With q: how the record matched, best first'),
  })
  .meta({ id: 'MemberListItem' });
export type MemberListItem = z.infer<typeof memberListItemSchema>;

/** A search counts its matches up to this number; beyond it, the answer says "more than". */
export const SEARCH_TOTAL_CAP = 1000;

export const memberListSchema = z
  .object({
    items: z.array(memberListItemSchema),
    total: z
      .number()
      .int()
      .describe(
        `Number of records matching the query in the caller’s scope: exact for a list; a search (q) counts up to ${SEARCH_TOTAL_CAP} and then sets totalIsLowerBound`,
      ),
    totalIsLowerBound: z
      .boolean()
      .optional()
      .describe(
        `With q: true when more than ${SEARCH_TOTAL_CAP} records match (total is then ${SEARCH_TOTAL_CAP})`,
      ),
    nextCursor: z.string().nullable().describe('Send as cursor for the next page; null on the last one'),
  })
  .meta({ id: 'MemberList' });
export type MemberList = z.infer<typeof memberListSchema>;

const csv = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : v), z.array(item).min(1));

export const memberSortKeys = [
  'name',
  '-name',
  'memberNumber',
  '-memberNumber',
  'entryDate',
  '-entryDate',
] as const;

export const memberListQuerySchema = z.object({
  q: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe(
      'One search box: name (typo-tolerant, umlauts, phonetic), member number, e-mail, phone, postcode or city. ' +
        'Results are ranked exact > prefix > phonetic > fuzzy.',
    ),
  unit: unitCodeSchema.optional().describe('Only this unit and its subtree (default: everything in scope)'),
  status: csv(memberStatusSchema).optional().describe('Comma-separated statuses'),
  asOf: isoDateSchema
    .optional()
    .describe(
      'Status and unit as they were on this date (from the history); with status the default is member',
    ),
  ageMin: z.coerce.number().int().min(0).max(130).optional(),
  ageMax: z.coerce.number().int().min(0).max(130).optional(),
  gender: csv(genderSchema).optional(),
  entryFrom: isoDateSchema.optional(),
  entryTo: isoDateSchema.optional(),
  function: z.string().max(40).optional().describe('Holds a function of this catalogue code (today or asOf)'),
  mandate: z.string().max(40).optional().describe('Holds a mandate of this catalogue code (today or asOf)'),
  consent: consentChannelSchema.optional().describe('Has a consent for this channel that is not withdrawn'),
  association: z.string().max(40).optional().describe('Belongs to this association (Vereinigung)'),
  sort: z.enum(memberSortKeys).default('name').describe('name sorts the German way (Ä with A, ß with ss)'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(500).optional(),
});
export type MemberListQuery = z.infer<typeof memberListQuerySchema>;

// ---------------------------------------------------------------------------------------------
// Writes

const memberFields = {
  salutation: optionalText(40),
  title: optionalText(40),
  firstName: z.string().trim().min(1).max(100),
  lastName: z.string().trim().min(1).max(100),
  nameAffix: optionalText(40),
  birthdate: isoDateSchema.nullable().optional(),
  gender: genderSchema.optional(),
  street: optionalText(200),
  houseNumber: optionalText(20),
  addressExtra: optionalText(200),
  postcode: optionalText(10),
  city: optionalText(100),
  country: countryCodeSchema.optional(),
  email: emailSchema.nullable().optional(),
  phone: phoneSchema.nullable().optional(),
  entryDate: isoDateSchema.nullable().optional(),
  notes: optionalText(10_000),
  associations: z
    .array(associationMembershipSchema.extend({ until: isoDateSchema.nullable().optional() }))
    .optional(),
  consents: z.array(consentInputSchema).optional(),
  gemeindeAgs: z
    .string()
    .regex(/^\d{8}$/)
    .optional()
    .describe('The Gemeinde chosen when the postcode spans several (see member.residence_ambiguous)'),
  unitCode: unitCodeSchema
    .optional()
    .describe('A unit other than the one of the residence; needs residenceException'),
  residenceException: z
    .string()
    .trim()
    .min(3)
    .max(500)
    .nullable()
    .optional()
    .describe('Why the member belongs to another unit than the one of the residence'),
  confirmDuplicate: z
    .boolean()
    .optional()
    .describe('Save although duplicate candidates were reported (member.duplicate_suspected)'),
};

export const createMemberInputSchema = z.object({
  ...memberFields,
  status: z
    .enum(['applicant', 'member'])
    .default('applicant')
    .describe(
      'applicant: an application to be decided; member: recording an existing member (gets a number)',
    ),
  since: isoDateSchema.optional().describe('Date of the application (or of the entry); default today'),
});
export type CreateMemberInput = z.infer<typeof createMemberInputSchema>;

export const updateMemberInputSchema = z.object({
  ...memberFields,
  firstName: memberFields.firstName.optional(),
  lastName: memberFields.lastName.optional(),
  effectiveDate: isoDateSchema
    .optional()
    .describe('When a change of unit (move, transfer) takes effect; default today'),
});
export type UpdateMemberInput = z.infer<typeof updateMemberInputSchema>;

export const transitionInputSchema = z.object({
  type: transitionTypeSchema,
  effectiveDate: isoDateSchema.describe(
    'For resign: the last day of membership ("zum 31.03."). For every other step: the first day of the new status.',
  ),
  reason: z.string().trim().min(1).max(1000).optional(),
});
export type TransitionInput = z.infer<typeof transitionInputSchema>;

export const statusHistoryEntrySchema = z
  .object({
    status: memberStatusSchema,
    unitCode: unitCodeSchema,
    validFrom: isoDateSchema,
    validTo: isoDateSchema.nullable().describe('Exclusive: the first day no longer in this status'),
    reason: z.string().nullable(),
    transition: z.string().nullable().describe('The lifecycle step (or transfer) that began this row'),
    actor: z.string().nullable().describe('Who recorded it'),
    recordedAt: z.iso.datetime(),
  })
  .meta({ id: 'StatusHistoryEntry' });

export const transferSchema = z
  .object({
    id: z.number().int(),
    memberId: z.number().int(),
    memberNumber: memberNumberSchema.nullable(),
    memberName: z.string().describe('As it was at the transfer'),
    fromUnitCode: unitCodeSchema,
    fromDistrictCode: unitCodeSchema.nullable(),
    toUnitCode: unitCodeSchema,
    toDistrictCode: unitCodeSchema.nullable(),
    crossDistrict: z.boolean().describe('A move across Kreisverbände (Überweisung)'),
    effectiveDate: isoDateSchema,
    reason: z.string().nullable(),
    recordedAt: z.iso.datetime(),
  })
  .meta({ id: 'Transfer' });
export type Transfer = z.infer<typeof transferSchema>;

export const memberHistorySchema = z
  .object({ statuses: z.array(statusHistoryEntrySchema), transfers: z.array(transferSchema) })
  .meta({ id: 'MemberHistory' });

export const transferListQuerySchema = z.object({
  unit: unitCodeSchema.optional().describe('Transfers into or out of this unit and its subtree'),
  since: isoDateSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const transferListSchema = z.object({ items: z.array(transferSchema) }).meta({ id: 'TransferList' });

// ---------------------------------------------------------------------------------------------
// Residence

export const residenceChoiceSchema = z
  .object({
    ags: z.string().describe('Amtlicher Gemeindeschlüssel'),
    placeName: z.string(),
    unitCode: unitCodeSchema.nullable(),
    unitName: z.string().nullable(),
  })
  .meta({ id: 'ResidenceChoice' });
export type ResidenceChoice = z.infer<typeof residenceChoiceSchema>;

export const residenceQuerySchema = z.object({ postcode: z.string().trim().min(1).max(10) });
export const residenceAnswerSchema = z
  .object({ postcode: z.string(), choices: z.array(residenceChoiceSchema) })
  .meta({ id: 'ResidenceAnswer' });

// ---------------------------------------------------------------------------------------------
// Duplicates

export const duplicateReasons = ['name_birthdate', 'email', 'phone', 'address', 'iban'] as const;

export const duplicateCandidateSchema = z
  .object({
    id: z.number().int(),
    memberNumber: memberNumberSchema.nullable(),
    firstName: z.string(),
    lastName: z.string(),
    unitCode: unitCodeSchema,
    status: memberStatusSchema,
    postcode: z.string().nullable(),
    city: z.string().nullable(),
    reasons: z.array(z.enum(duplicateReasons)),
    score: z.number().describe('0–1; higher is likelier the same person'),
  })
  .meta({ id: 'DuplicateCandidate' });
export type DuplicateCandidate = z.infer<typeof duplicateCandidateSchema>;

export const duplicateCheckInputSchema = z.object({
  excludeId: z.number().int().optional().describe('The record being edited'),
  firstName: z.string().trim().min(1).max(100),
  lastName: z.string().trim().min(1).max(100),
  birthdate: isoDateSchema.nullable().optional(),
  email: emailSchema.nullable().optional(),
  phone: phoneSchema.nullable().optional(),
  street: z.string().trim().max(200).nullable().optional(),
  houseNumber: z.string().trim().max(20).nullable().optional(),
  postcode: z.string().trim().max(10).nullable().optional(),
});
export type DuplicateCheckInput = z.infer<typeof duplicateCheckInputSchema>;

export const duplicateCheckResultSchema = z
  .object({ candidates: z.array(duplicateCandidateSchema) })
  .meta({ id: 'DuplicateCheckResult' });

export const mergeInputSchema = z.object({
  keepId: z.number().int().describe('The record that stays'),
  mergeId: z.number().int().describe('The record that is merged into it and then retired'),
  reason: z.string().trim().min(1).max(1000),
});

export const mergeResultSchema = z
  .object({
    mergeId: z
      .number()
      .int()
      .describe('Id of the merge; undo it within a day with POST /members/merges/{id}/undo'),
    keptId: z.number().int(),
    retiredId: z.number().int(),
    moved: z.object({
      functions: z.number().int(),
      mandates: z.number().int(),
      consents: z.number().int(),
      associations: z.number().int(),
      history: z.number().int(),
    }),
    undoableUntil: z.iso.datetime(),
  })
  .meta({ id: 'MergeResult' });

// ---------------------------------------------------------------------------------------------
// As-of

export const asOfQuerySchema = z.object({
  unit: unitCodeSchema.describe('The unit; its whole subtree counts'),
  date: isoDateSchema,
  status: csv(memberStatusSchema).optional().describe('Default: member'),
});
export const asOfCountSchema = z
  .object({
    unitCode: unitCodeSchema,
    date: isoDateSchema,
    statuses: z.array(memberStatusSchema),
    count: z.number().int(),
  })
  .meta({ id: 'AsOfCount' });

// ---------------------------------------------------------------------------------------------
// Functions and mandates

export const functionSchema = z
  .object({
    id: z.number().int(),
    memberId: z.number().int(),
    code: z.string(),
    name: z.string().describe('German name from the catalogue'),
    unitCode: unitCodeSchema,
    startDate: isoDateSchema,
    endDate: isoDateSchema.nullable().describe('Last day in office; null while it lasts'),
    note: z.string().nullable(),
  })
  .meta({ id: 'MemberFunction' });

export const functionInputSchema = z.object({
  code: z.string().min(1).max(40),
  unitCode: unitCodeSchema,
  startDate: isoDateSchema,
  endDate: isoDateSchema.nullable().optional(),
  note: z.string().trim().max(500).nullable().optional(),
});

export const mandateLevels = ['eu', 'federal', 'state', 'district', 'municipal', 'local'] as const;
export const mandateLevelSchema = z
  .enum(mandateLevels)
  .describe(
    'eu, federal (Bundestag), state (Landtag), district (Kreistag, Landrat), municipal (Gemeinde/Stadt), local (Ortsbeirat)',
  );

export const mandateSchema = z
  .object({
    id: z.number().int(),
    memberId: z.number().int(),
    code: z.string(),
    name: z.string(),
    level: mandateLevelSchema,
    body: z.string().nullable().describe('e.g. Kreistag Fulda'),
    constituency: z.string().nullable(),
    unitCode: unitCodeSchema.nullable().describe('The unit whose area the mandate belongs to'),
    startDate: isoDateSchema,
    endDate: isoDateSchema.nullable(),
  })
  .meta({ id: 'MemberMandate' });

export const mandateInputSchema = z.object({
  code: z.string().min(1).max(40),
  body: z.string().trim().max(200).nullable().optional(),
  constituency: z.string().trim().max(200).nullable().optional(),
  unitCode: unitCodeSchema.nullable().optional(),
  startDate: isoDateSchema,
  endDate: isoDateSchema.nullable().optional(),
});

export const endInputSchema = z.object({ endDate: isoDateSchema });

export const functionsAndMandatesSchema = z
  .object({ functions: z.array(functionSchema), mandates: z.array(mandateSchema) })
  .meta({ id: 'FunctionsAndMandates' });

export const mandateDirectoryQuerySchema = z.object({
  level: mandateLevelSchema.optional(),
  unit: unitCodeSchema.optional().describe('Mandates in this unit and its subtree'),
  activeOn: isoDateSchema.optional().describe('Default today'),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

export const mandateDirectoryEntrySchema = mandateSchema
  .extend({
    memberNumber: memberNumberSchema.nullable(),
    firstName: z.string(),
    lastName: z.string(),
    title: z.string().nullable(),
    memberUnitCode: unitCodeSchema,
  })
  .meta({ id: 'MandateDirectoryEntry' });
export const mandateDirectorySchema = z
  .object({ items: z.array(mandateDirectoryEntrySchema), total: z.number().int() })
  .meta({ id: 'MandateDirectory' });

export const catalogueEntrySchema = z
  .object({
    code: z.string(),
    name: z.string(),
    nameEn: z.string(),
    level: mandateLevelSchema.nullable(),
    active: z.boolean(),
  })
  .meta({ id: 'CatalogueEntry' });
export const cataloguesSchema = z
  .object({
    functions: z.array(catalogueEntrySchema),
    mandates: z.array(catalogueEntrySchema),
    associations: z.array(catalogueEntrySchema),
  })
  .meta({ id: 'Catalogues' });

// ---------------------------------------------------------------------------------------------
// Saved lists

// In answers the lists are plain arrays: the comma-splitting preprocess of the query string
// cannot be run backwards when the answer is encoded (it made every saved list with a status a 500).
const savedListQueryOutputSchema = memberListQuerySchema
  .omit({ cursor: true, limit: true })
  .partial()
  .extend({ status: z.array(memberStatusSchema).optional(), gender: z.array(genderSchema).optional() });

export const savedListSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    query: savedListQueryOutputSchema,
    sharedWithUnitCode: unitCodeSchema.nullable().describe('null: only for its owner'),
    ownedByMe: z.boolean(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'SavedList' });
export const savedListInputSchema = z.object({
  name: z.string().trim().min(1).max(200),
  query: memberListQuerySchema.omit({ cursor: true, limit: true }).partial(),
  sharedWithUnitCode: unitCodeSchema.nullable().optional(),
});
export const savedListListSchema = z
  .object({ items: z.array(savedListSchema) })
  .meta({ id: 'SavedListList' });

// ---------------------------------------------------------------------------------------------
// Problems with member-specific fields

export const memberProblemSchema = problemSchema
  .extend({
    currentVersion: z.number().int().optional().describe('member.version_conflict: the version now stored'),
    current: memberSchema.optional().describe('member.version_conflict: the record as it is now, to compare'),
    allowed: z
      .array(transitionTypeSchema)
      .optional()
      .describe('member.invalid_transition: the possible steps'),
    choices: z
      .array(residenceChoiceSchema)
      .optional()
      .describe('member.residence_ambiguous: the Gemeinden to choose from'),
    postcode: z.string().optional(),
    derivedUnitCode: z
      .string()
      .nullable()
      .optional()
      .describe('member.residence_exception_required: the unit of the residence'),
    candidates: z
      .array(duplicateCandidateSchema)
      .optional()
      .describe('member.duplicate_suspected: the possible duplicates'),
  })
  .loose()
  .meta({ id: 'MemberProblem' });
