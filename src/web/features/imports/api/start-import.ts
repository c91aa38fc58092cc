import { useMutation } from '@tanstack/react-query';
import type { z } from 'zod';
import type { importJobSchema, startImportInputSchema } from '@/contracts/imports';
import { apiPost } from '@/web/lib/api-client';

export type ImportJob = z.infer<typeof importJobSchema>;
export type StartImportBody = z.input<typeof startImportInputSchema>;

/** `POST /api/v1/imports`: a dry run or the real import, as a background job. */
export function useStartImport() {
  return useMutation({
    mutationFn: (body: StartImportBody) => apiPost<ImportJob>('/api/v1/imports', body),
  });
}
