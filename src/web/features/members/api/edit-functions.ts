import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { functionInputSchema, mandateInputSchema } from '@/contracts/members';
import { apiPost } from '@/web/lib/api-client';

export type FunctionInput = z.input<typeof functionInputSchema>;
export type MandateInput = z.input<typeof mandateInputSchema>;

type Change =
  | { kind: 'addFunction'; input: FunctionInput }
  | { kind: 'addMandate'; input: MandateInput }
  | { kind: 'end'; what: 'function' | 'mandate'; id: number; endDate: string };

/**
 * `POST /members/{id}/functions`, `/mandates` and `/…/{entry}/end`: add an office or mandate from
 * a day, or end one on its last day. The lists of the member, the directory and filtered lists follow.
 */
export function useChangeFunctions(memberId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: Change) => {
      const base = `/api/v1/members/${memberId}`;
      switch (change.kind) {
        case 'addFunction':
          return apiPost<unknown>(`${base}/functions`, change.input);
        case 'addMandate':
          return apiPost<unknown>(`${base}/mandates`, change.input);
        case 'end':
          return apiPost<unknown>(`${base}/${change.what}s/${change.id}/end`, { endDate: change.endDate });
      }
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['members', 'functions', memberId] });
      void queryClient.invalidateQueries({ queryKey: ['members', 'mandates'] });
      void queryClient.invalidateQueries({ queryKey: ['members', 'list'] });
    },
  });
}
