import { createRoute, type AnyRootRoute } from '@tanstack/react-router';
import { DelegatesPage, validateDelegatesSearch } from '@/web/features/delegates/routes/delegates-page';

/** The delegate key's page, hung under the app's root route. */
export function delegatesRoutes<TRoot extends AnyRootRoute>(root: TRoot) {
  return [
    createRoute({
      getParentRoute: () => root,
      path: '/delegierte',
      validateSearch: validateDelegatesSearch,
      component: DelegatesPage,
    }),
  ] as const;
}
