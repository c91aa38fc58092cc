import { useMutation } from '@tanstack/react-query';
import { apiPost } from '@/web/lib/api-client';

// The identity module defines the contract of these endpoints; until its schemas are in
// src/contracts, these shapes mirror what the sign-in flow was specified to answer.
export interface LoginInput {
  email: string;
  password: string;
}
export type LoginAnswer = { status: 'ok' } | { status: 'totp_required' };

export interface TotpInput {
  code: string;
}

/** `POST /api/v1/auth/login` */
export function useLogin() {
  return useMutation({
    mutationFn: (input: LoginInput) => apiPost<LoginAnswer>('/api/v1/auth/login', input),
  });
}

/** `POST /api/v1/auth/login/totp`: the second step, after `{ status: 'totp_required' }`. */
export function useConfirmTotp() {
  return useMutation({
    mutationFn: (input: TotpInput) => apiPost<LoginAnswer>('/api/v1/auth/login/totp', input),
  });
}
