import { useMutation } from '@tanstack/react-query';
import type { z } from 'zod';
import type { LoginInput, LoginResult, totpInputSchema } from '@/contracts/auth';
import { apiPost } from '@/web/lib/api-client';

export type { LoginInput, LoginResult };
export type TotpInput = z.input<typeof totpInputSchema>;

/** `POST /api/v1/auth/login` */
export function useLogin() {
  return useMutation({
    mutationFn: (input: LoginInput) => apiPost<LoginResult>('/api/v1/auth/login', input),
  });
}

/** `POST /api/v1/auth/totp`: the second step, after `{ status: 'totp_required' }`. */
export function useConfirmTotp() {
  return useMutation({
    mutationFn: (input: TotpInput) => apiPost<LoginResult>('/api/v1/auth/totp', input),
  });
}
