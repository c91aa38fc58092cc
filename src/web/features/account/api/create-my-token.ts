import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { CreateTokenInput, createdTokenSchema } from '@/contracts/access';
import { apiPost } from '@/web/lib/api-client';
import { myTokensQueryOptions } from '@/web/features/account/api/get-my-tokens';

export type CreatedToken = z.infer<typeof createdTokenSchema>;

/** `POST /api/v1/me/tokens`: the token itself is in this one answer only. */
export function useCreateMyToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Partial<CreateTokenInput> & { name: string }) =>
      apiPost<CreatedToken>('/api/v1/me/tokens', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: myTokensQueryOptions.queryKey }),
  });
}
