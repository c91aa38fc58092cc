import { createRoute, type AnyRootRoute } from '@tanstack/react-router';
import { TasksPage } from '@/web/features/tasks/routes/tasks-page';
import { ApplicantQueuePage } from '@/web/features/members/routes/applicant-queue-page';
import { MemberDetailPage } from '@/web/features/members/routes/member-detail-page';
import { MemberEditPage } from '@/web/features/members/routes/member-edit-page';
import { MemberNewPage } from '@/web/features/members/routes/member-new-page';
import { MembersPage } from '@/web/features/members/routes/members-page';
import {
  MandateDirectoryPage,
  validateMandateSearch,
} from '@/web/features/members/routes/mandate-directory-page';
import { MemberMergePage, validateMergeSearch } from '@/web/features/members/routes/member-merge-page';
import { validateMemberSearch } from '@/web/features/members/member-search';

/** The member file's pages and the task list, hung under the app's root route. */
export function memberRoutes<TRoot extends AnyRootRoute>(root: TRoot) {
  const parent = () => root;
  return [
    createRoute({
      getParentRoute: parent,
      path: '/mitglieder',
      validateSearch: validateMemberSearch,
      component: MembersPage,
    }),
    createRoute({ getParentRoute: parent, path: '/mitglieder/neu', component: MemberNewPage }),
    createRoute({ getParentRoute: parent, path: '/mitglieder/antraege', component: ApplicantQueuePage }),
    createRoute({ getParentRoute: parent, path: '/mitglieder/$id', component: MemberDetailPage }),
    createRoute({ getParentRoute: parent, path: '/mitglieder/$id/bearbeiten', component: MemberEditPage }),
    createRoute({
      getParentRoute: parent,
      path: '/mitglieder/$id/zusammenfuehren',
      validateSearch: validateMergeSearch,
      component: MemberMergePage,
    }),
    createRoute({
      getParentRoute: parent,
      path: '/mandate',
      validateSearch: validateMandateSearch,
      component: MandateDirectoryPage,
    }),
    createRoute({ getParentRoute: parent, path: '/aufgaben', component: TasksPage }),
  ] as const;
}
