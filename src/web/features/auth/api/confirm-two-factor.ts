import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { recoveryCodesSchema } from '@/contracts/access';
import { apiPost } from '@/web/lib/api-client';
import { meQueryOptions } from '@/web/lib/session';

export type RecoveryCodes = z.infer<typeof recoveryCodesSchema>;

/** `POST /api/v1/me/2fa/confirm`: the first code from the app switches the second factor on. */
export function useConfirmTwoFactor() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => apiPost<RecoveryCodes>('/api/v1/me/2fa/confirm', { code }),
    onSuccess: () => queryClient.invalidateQueries(),
  });
}

/** `POST /api/v1/me/2fa/recovery-codes`: ten new recovery codes; the old ones stop working. */
export function useRegenerateRecoveryCodes() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => apiPost<RecoveryCodes>('/api/v1/me/2fa/recovery-codes', { code }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: meQueryOptions.queryKey }),
  });
}
