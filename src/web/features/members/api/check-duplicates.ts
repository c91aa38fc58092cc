import { useMutation } from '@tanstack/react-query';
import type { z } from 'zod';
import type { DuplicateCandidate, duplicateCheckInputSchema } from '@/contracts/members';
import { apiPost } from '@/web/lib/api-client';

export type DuplicateCheckBody = z.input<typeof duplicateCheckInputSchema>;

/** `POST /api/v1/members/duplicate-check`: possible duplicates before saving. */
export function useCheckDuplicates() {
  return useMutation({
    mutationFn: (body: DuplicateCheckBody) =>
      apiPost<{ candidates: DuplicateCandidate[] }>('/api/v1/members/duplicate-check', body).then(
        (answer) => answer.candidates,
      ),
  });
}
