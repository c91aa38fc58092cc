import { createRootRoute, createRoute, createRouter } from '@tanstack/react-router';
import { AppLayout } from '@/web/app/layout/app-layout';
import { NotFoundPage } from '@/web/app/not-found-page';
import { AccountPage } from '@/web/features/account/routes/account-page';
import { LoginPage } from '@/web/features/auth/routes/login-page';
import { TwoFactorPage } from '@/web/features/auth/routes/two-factor-page';
import { SetPasswordPage } from '@/web/features/account/routes/set-password-page';
import { AuditPage } from '@/web/features/audit/routes/audit-page';
import { UserDetailPage } from '@/web/features/users/routes/user-detail-page';
import { UsersPage } from '@/web/features/users/routes/users-page';
import { HomePage } from '@/web/features/home/routes/home-page';
import { importRoutes } from '@/web/features/imports/routes/import-routes';
import { memberRoutes } from '@/web/features/members/routes/member-routes';
import { delegatesRoutes } from '@/web/features/delegates/routes/delegates-routes';
import { StatisticsPage, validateStatisticsSearch } from '@/web/features/statistics/routes/statistics-page';
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

// `next`: where to go after signing in (or after setting up the second factor).
const nextSearch = (search: Record<string, unknown>): { next?: string } =>
  typeof search.next === 'string' && search.next ? { next: search.next } : {};

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/anmelden',
  validateSearch: nextSearch,
  component: LoginPage,
});

const twoFactorRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/zwei-faktor',
  validateSearch: nextSearch,
  component: TwoFactorPage,
});

const accountRoute = createRoute({ getParentRoute: () => rootRoute, path: '/konto', component: AccountPage });

const setupRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/konto/einrichten',
  component: () => <SetPasswordPage kind="setup" />,
});

const resetRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/konto/passwort-setzen',
  component: () => <SetPasswordPage kind="reset" />,
});

const usersRoute = createRoute({ getParentRoute: () => rootRoute, path: '/benutzer', component: UsersPage });

const userDetailRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/benutzer/$id',
  component: UserDetailPage,
});

const auditRoute = createRoute({ getParentRoute: () => rootRoute, path: '/protokoll', component: AuditPage });

const statisticsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/statistik',
  validateSearch: validateStatisticsSearch,
  component: StatisticsPage,
});

const routeTree = rootRoute.addChildren([
  homeRoute,
  unitsRoute,
  unitDetailRoute,
  loginRoute,
  twoFactorRoute,
  accountRoute,
  setupRoute,
  resetRoute,
  usersRoute,
  userDetailRoute,
  auditRoute,
  ...importRoutes(rootRoute),
  ...memberRoutes(rootRoute),
  statisticsRoute,
  ...delegatesRoutes(rootRoute),
]);

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
