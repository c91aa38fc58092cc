import { catalogs, lookup, type Language } from '@/web/components/i18n/translate';

/** "member.read" → "Mitglied angesehen"; an action without a translation is shown as it is. */
export function actionLabel(language: Language, action: string): string {
  const key = `admin.actions.${action.replace(/\./g, '_')}`;
  return lookup(catalogs[language], key) ?? lookup(catalogs.de, key) ?? action;
}
