import { createRootRoute, createRoute, createRouter } from '@tanstack/react-router';
import { AppLayout } from '@/web/app/layout/app-layout';
import { NotFoundPage } from '@/web/app/not-found-page';
import { LoginPage } from '@/web/features/auth/routes/login-page';
import { HomePage } from '@/web/features/home/routes/home-page';
import { memberRoutes } from '@/web/features/members/routes/member-routes';
import { UnitDetailPage } from '@/web/features/units/routes/unit-detail-page';
import { UnitsPage } from '@/web/features/units/routes/units-page';

// Code-based routes: one place that lists every page of the app. URLs are German, like the UI.
const rootRoute = createRootRoute({
  component: AppLayout,
  notFoundComponent: NotFoundPage,
});

const homeRoute = createRoute({ getParentRoute: () => rootRoute, path: '/', component: HomePage });

const unitsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/gliederungen',
  validateSearch: (search: Record<string, unknown>): { q?: string } =>
    typeof search.q === 'string' && search.q ? { q: search.q } : {},
  component: UnitsPage,
});

const unitDetailRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/gliederungen/$code',
  component: UnitDetailPage,
});

const loginRoute = createRoute({ getParentRoute: () => rootRoute, path: '/anmelden', component: LoginPage });

const routeTree = rootRoute.addChildren([homeRoute, unitsRoute, unitDetailRoute, loginRoute, ...memberRoutes(rootRoute)]);

export const router = createRouter({
  routeTree,
  defaultPreload: 'intent',
  scrollRestoration: true,
});

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
