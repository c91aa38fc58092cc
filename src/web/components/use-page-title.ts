import { useEffect } from 'react';
import { useT } from '@/web/components/i18n/i18n';

/** Sets the browser tab's title, so that tabs, history and screen readers name the page. */
export function usePageTitle(page: string): void {
  const t = useT();
  const title = t('app.pageTitle', { page });
  useEffect(() => {
    document.title = title;
  }, [title]);
}
