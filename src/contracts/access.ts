import { z } from 'zod';
import { permissions, type Permission } from '@/contracts/permissions';
import { unitCodeSchema, unitLevelSchema } from '@/contracts/units';

/**
 * The predefined roles. A role is a named set of permissions; a user holds grants of a role at a
 * unit, valid for that unit's whole subtree. The keys are stable (API, CLI, database).
 */
export const roleKeys = [
  'state-admin',
  'district-admin',
  'district-treasurer',
  'local-chair',
  'data-protection-officer',
  'system-admin',
] as const;
export type RoleKey = (typeof roleKeys)[number];
export const roleKeySchema = z.enum(roleKeys);

/**
 * Which member fields a role's `member:read` shows: `all` (bank data still needs
 * `member:finance:read`), `contact` (name and contact fields only).
 */
export type MemberFieldAccess = 'all' | 'contact';

export interface RoleDefinition {
  permissions: readonly Permission[];
  /** A second factor is mandatory for holders of this role. */
  requires2fa: boolean;
  memberFields: MemberFieldAccess;
  /** Display names: the plain-words explanation of what a user sees uses them. */
  name: { de: string; en: string };
}

export const roles: Record<RoleKey, RoleDefinition> = {
  'state-admin': {
    permissions: [
      'unit:read',
      'unit:manage',
      'member:read',
      'member:create',
      'member:update',
      'member:export',
      'member:finance:read',
      'user:manage',
    ],
    requires2fa: true,
    memberFields: 'all',
    name: { de: 'Landesgeschäftsführer/in', en: 'state administrator' },
  },
  'district-admin': {
    permissions: [
      'unit:read',
      'member:read',
      'member:create',
      'member:update',
      'member:export',
      'user:manage',
    ],
    requires2fa: true,
    memberFields: 'all',
    name: { de: 'Kreisgeschäftsführer/in', en: 'district administrator' },
  },
  'district-treasurer': {
    permissions: ['unit:read', 'member:read', 'member:export', 'member:finance:read'],
    requires2fa: true,
    memberFields: 'all',
    name: { de: 'Kreisschatzmeister/in', en: 'district treasurer' },
  },
  'local-chair': {
    permissions: ['unit:read', 'member:read'],
    requires2fa: true,
    memberFields: 'contact',
    name: { de: 'Ortsvorsitzende/r', en: 'local chair' },
  },
  'data-protection-officer': {
    permissions: ['unit:read', 'audit:read'],
    // The audit trail names members and the access report prints their address.
    requires2fa: true,
    memberFields: 'contact',
    name: { de: 'Datenschutzbeauftragte/r', en: 'data-protection officer' },
  },
  'system-admin': {
    permissions: ['unit:read', 'unit:manage', 'user:manage'],
    // No member data, but whoever controls accounts controls access: a second factor too.
    requires2fa: true,
    memberFields: 'contact',
    name: { de: 'Systemadministrator/in', en: 'system administrator' },
  },
};

/**
 * The member fields by group. `contact` fields are visible with any `member:read`; `personal`
 * fields only where a role with memberFields 'all' grants `member:read`; `finance` only with
 * `member:finance:read`. The member service masks with visibleMemberFields() (platform/scope.ts).
 */
export const memberFieldGroups = {
  contact: [
    'id',
    'memberNumber',
    'salutation',
    'title',
    'firstName',
    'lastName',
    'nameAffix',
    'street',
    'houseNumber',
    'addressExtra',
    'postcode',
    'city',
    'country',
    'email',
    'phone',
    'entryDate',
    'unitId',
    'unitCode',
    'status',
    'version',
  ],
  personal: ['birthdate', 'gender', 'notes'],
  finance: ['bankAccount', 'iban', 'bic', 'accountHolder'],
} as const;
export type MemberField = (typeof memberFieldGroups)[keyof typeof memberFieldGroups][number];

// ---------------------------------------------------------------------------------------------
// Users and grants

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ error: 'Bitte eine gültige E-Mail-Adresse angeben.' }));

export const grantSchema = z
  .object({
    id: z.number().int(),
    role: roleKeySchema,
    roleName: z.string().describe('German display name of the role'),
    unitCode: unitCodeSchema,
    unitName: z.string(),
    unitLevel: unitLevelSchema,
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Grant' });
export type Grant = z.infer<typeof grantSchema>;

export const userKinds = ['person', 'service'] as const;

export const userSchema = z
  .object({
    id: z.number().int(),
    email: z.string(),
    displayName: z.string(),
    kind: z.enum(userKinds).describe('service = an account for integrations: API tokens only, no sign-in'),
    unitCode: unitCodeSchema.describe('The unit the account belongs to; its admins manage it'),
    active: z.boolean(),
    twoFactorEnabled: z.boolean(),
    passwordSet: z.boolean(),
    createdAt: z.iso.datetime(),
    lastLoginAt: z.iso.datetime().nullable(),
    grants: z.array(grantSchema),
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof userSchema>;

export const userListQuerySchema = z.object({
  q: z.string().trim().max(100).optional().describe('Part of the e-mail address or name'),
  unit: unitCodeSchema.optional().describe('Only accounts of this unit and its subtree'),
  active: z.enum(['true', 'false']).optional(),
});
export const userListSchema = z
  .object({ items: z.array(userSchema), total: z.number().int() })
  .meta({ id: 'UserList' });

export const createUserInputSchema = z
  .object({
    email: emailSchema,
    displayName: z.string().trim().min(1).max(200),
    kind: z.enum(userKinds).default('person'),
    unitCode: unitCodeSchema,
    grants: z
      .array(z.object({ role: roleKeySchema, unitCode: unitCodeSchema }))
      .max(50)
      .default([]),
  })
  .meta({ id: 'CreateUserInput' });
export type CreateUserInput = z.infer<typeof createUserInputSchema>;

export const createUserResultSchema = z
  .object({
    user: userSchema,
    setupLink: z
      .string()
      .nullable()
      .describe(
        'One-time link to set the password (persons); shown once, also sent by e-mail when SMTP is set',
      ),
  })
  .meta({ id: 'CreateUserResult' });

export const updateUserInputSchema = z
  .object({
    email: emailSchema.optional(),
    displayName: z.string().trim().min(1).max(200).optional(),
    active: z.boolean().optional().describe('false ends all sessions and stops all tokens of the account'),
  })
  .meta({ id: 'UpdateUserInput' });

export const createGrantInputSchema = z
  .object({ role: roleKeySchema, unitCode: unitCodeSchema })
  .meta({ id: 'CreateGrantInput' });

// ---------------------------------------------------------------------------------------------
// API tokens

export const apiTokenSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    prefix: z.string().describe('The first characters, to recognise the token'),
    permissions: z.array(z.enum(permissions)),
    createdAt: z.iso.datetime(),
    expiresAt: z.iso.datetime(),
    lastUsedAt: z.iso.datetime().nullable(),
    revokedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'ApiToken' });
export type ApiToken = z.infer<typeof apiTokenSchema>;

export const createTokenInputSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    days: z.number().int().min(1).max(730).default(90),
    permissions: z
      .array(z.enum(permissions))
      .min(1)
      .optional()
      .describe("A subset of the owner's permissions; default: all of them"),
  })
  .meta({ id: 'CreateTokenInput' });
export type CreateTokenInput = z.infer<typeof createTokenInputSchema>;

export const createdTokenSchema = z
  .object({ token: z.string().describe('Shown once; send as Authorization: Bearer'), info: apiTokenSchema })
  .meta({ id: 'CreatedToken' });

// ---------------------------------------------------------------------------------------------
// Me

export const meSchema = z
  .object({
    id: z.number().int(),
    email: z.string(),
    displayName: z.string(),
    unitCode: unitCodeSchema,
    twoFactor: z.object({
      enabled: z.boolean(),
      required: z.boolean().describe('One of the roles requires a second factor'),
      enrolmentRequired: z
        .boolean()
        .describe('The session may do nothing but enrol a second factor until it is confirmed'),
      recoveryCodesLeft: z.number().int(),
    }),
    permissions: z.array(z.enum(permissions)).describe('Held at one unit at least'),
    grants: z.array(grantSchema),
    explanation: z
      .object({ de: z.array(z.string()), en: z.array(z.string()) })
      .describe('What the user may see and why, in plain words, one sentence per grant'),
    via: z.enum(['session', 'token']),
    csrfToken: z
      .string()
      .nullable()
      .describe('Send as x-csrf-token with every unsafe request of this session'),
  })
  .meta({ id: 'Me' });
export type Me = z.infer<typeof meSchema>;

export const sessionStateSchema = z
  .object({
    signedIn: z.boolean(),
    me: meSchema.nullable().describe('The signed-in account, null when nobody is signed in'),
  })
  .meta({ id: 'SessionState' });
export type SessionState = z.infer<typeof sessionStateSchema>;

export const sessionInfoSchema = z
  .object({
    id: z.number().int(),
    current: z.boolean(),
    createdAt: z.iso.datetime(),
    lastSeenAt: z.iso.datetime(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
  })
  .meta({ id: 'SessionInfo' });
export const sessionListSchema = z.object({ items: z.array(sessionInfoSchema) }).meta({ id: 'SessionList' });

export const twoFactorEnrolmentSchema = z
  .object({
    secret: z.string().describe('Base32, for typing into an authenticator app'),
    otpauthUri: z.string(),
    qrSvg: z.string().describe('SVG image of the otpauth URI'),
  })
  .meta({ id: 'TwoFactorEnrolment' });
export const recoveryCodesSchema = z
  .object({ recoveryCodes: z.array(z.string()).describe('Shown once; each works once') })
  .meta({ id: 'RecoveryCodes' });
