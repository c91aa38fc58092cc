import { ApiError } from '@/web/lib/api-client';
import { errorMessageKey, type Translate } from '@/web/components/i18n/translate';

export interface ErrorDescription {
  message: string;
  /** The server's request id, for the user to quote when they ask the office for help. */
  reference: string | undefined;
}

/** Turns anything thrown by an API call into a sentence in the reader's language. */
export function describeError(t: Translate, error: unknown): ErrorDescription {
  if (error instanceof ApiError) {
    const reference = error.requestId ? t('errors.reference', { requestId: error.requestId }) : undefined;
    if (error.code === 'network') return { message: t('errors.network'), reference };
    if (error.code === 'unknown')
      return { message: t('errors.unknown', { status: error.status }), reference };
    return { message: t(errorMessageKey(error.code)), reference };
  }
  return { message: t('errors.network'), reference: undefined };
}
