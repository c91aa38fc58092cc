import { z } from 'zod';
import { emailSchema } from '@/contracts/access';
import { problemSchema } from '@/contracts/errors';

/** Passwords: no composition rules; length and the list of common passwords decide (NIST SP 800-63B). */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;

export const newPasswordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `Das Passwort muss mindestens ${PASSWORD_MIN_LENGTH} Zeichen lang sein.`)
  .max(PASSWORD_MAX_LENGTH);

export const loginInputSchema = z
  .object({ email: emailSchema, password: z.string().min(1).max(PASSWORD_MAX_LENGTH) })
  .meta({ id: 'LoginInput' });
export type LoginInput = z.infer<typeof loginInputSchema>;

export const loginResultSchema = z
  .object({
    status: z
      .enum(['ok', 'totp_required', 'enrolment_required'])
      .describe(
        'ok = signed in; totp_required = send the code to /auth/totp; enrolment_required = signed in, ' +
          'but the session may only enrol a second factor (/me/2fa/enrol, /me/2fa/confirm)',
      ),
  })
  .meta({ id: 'LoginResult' });
export type LoginResult = z.infer<typeof loginResultSchema>;

export const totpInputSchema = z
  .object({
    code: z
      .string()
      .trim()
      .min(6)
      .max(20)
      .describe('Six digits from the authenticator app, or one of the recovery codes'),
  })
  .meta({ id: 'TotpInput' });

export const passwordResetRequestSchema = z
  .object({ email: emailSchema })
  .meta({ id: 'PasswordResetRequest' });
export const passwordResetConfirmSchema = z
  .object({ token: z.string().min(10).max(200), password: newPasswordSchema })
  .meta({ id: 'PasswordResetConfirm' });
export const setupInputSchema = z
  .object({ token: z.string().min(10).max(200), password: newPasswordSchema })
  .meta({ id: 'SetupInput' });

export const changePasswordInputSchema = z
  .object({ currentPassword: z.string().min(1).max(PASSWORD_MAX_LENGTH), newPassword: newPasswordSchema })
  .meta({ id: 'ChangePasswordInput' });

export const okSchema = z.object({ status: z.literal('ok') }).meta({ id: 'Ok' });

/** 429 auth.locked: the account (or address) may try again from `retryAfter` on. */
export const lockedProblemSchema = problemSchema
  .extend({
    retryAfter: z.iso
      .datetime()
      .optional()
      .describe('When sign-in is possible again; the UI shows e.g. "ab 14:35 Uhr"'),
  })
  .meta({ id: 'LockedProblem' });
