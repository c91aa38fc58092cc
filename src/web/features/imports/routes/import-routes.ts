import { createRoute, type AnyRootRoute } from '@tanstack/react-router';
import { ImportPage } from '@/web/features/imports/routes/import-page';

/** The import wizard, hung under the app's root route beside the member file. */
export function importRoutes<TRoot extends AnyRootRoute>(root: TRoot) {
  return [
    createRoute({ getParentRoute: () => root, path: '/mitglieder/import', component: ImportPage }),
  ] as const;
}
