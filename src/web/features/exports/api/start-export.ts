import { useMutation } from '@tanstack/react-query';
import type { z } from 'zod';
import type { exportRequestSchema, startedExportSchema } from '@/contracts/exports';
import { apiPost } from '@/web/lib/api-client';

export type StartedExport = z.infer<typeof startedExportSchema>;
export type ExportBody = z.input<typeof exportRequestSchema>;

/** `POST /api/v1/exports`: starts the export job; the download token is in this answer only. */
export function useStartExport() {
  return useMutation({
    mutationFn: (body: ExportBody) => apiPost<StartedExport>('/api/v1/exports', body),
  });
}
