import { useMutation } from '@tanstack/react-query';
import type { z } from 'zod';
import type { twoFactorEnrolmentSchema } from '@/contracts/access';
import { apiPost } from '@/web/lib/api-client';

export type TwoFactorEnrolment = z.infer<typeof twoFactorEnrolmentSchema>;

/** `POST /api/v1/me/2fa/enrol`: a new secret with its QR code; replaces an unconfirmed one. */
export function useEnrolTwoFactor() {
  return useMutation({
    mutationFn: () => apiPost<TwoFactorEnrolment>('/api/v1/me/2fa/enrol', {}),
  });
}
