import { useMutation } from '@tanstack/react-query';
import { apiPost } from '@/web/lib/api-client';

/**
 * `POST /api/v1/auth/setup` (first password, from the setup link) or
 * `POST /api/v1/auth/password-reset/confirm` (new password, from the reset e-mail).
 */
export function useSetPasswordWithLink(kind: 'setup' | 'reset') {
  return useMutation({
    mutationFn: (input: { token: string; password: string }) =>
      apiPost<{ status: 'ok' }>(
        kind === 'setup' ? '/api/v1/auth/setup' : '/api/v1/auth/password-reset/confirm',
        input,
      ),
  });
}
