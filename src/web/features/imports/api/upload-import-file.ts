import { useMutation } from '@tanstack/react-query';
import type { ImportEncoding, ImportFile } from '@/contracts/imports';
import { apiRequest } from '@/web/lib/api-client';

export interface UploadInput {
  file: File;
  /** Read the file in this encoding instead of the detected one (CSV only). */
  encoding?: ImportEncoding;
}

/** `POST /api/v1/imports/files`: the file is the body, its name travels in X-File-Name. */
export function uploadImportFile({ file, encoding }: UploadInput): Promise<ImportFile> {
  const query = encoding ? `?encoding=${encoding}` : '';
  return apiRequest<ImportFile>(`/api/v1/imports/files${query}`, {
    method: 'POST',
    file,
    headers: { 'x-file-name': encodeURIComponent(file.name) },
  });
}

export function useUploadImportFile() {
  return useMutation({ mutationFn: uploadImportFile });
}
