// Code-based route tree. Everything under the `app` layout requires a session.
import { Center, Text, Title, Stack } from '@mantine/core';
import type { QueryClient } from '@tanstack/react-query';
import { createRootRouteWithContext, createRoute, createRouter, lazyRouteComponent, Outlet, redirect } from '@tanstack/react-router';
import { ActivityRedirect } from './activities/ActivityRedirect';
import { MyDayPage } from './activities/MyDayPage';
import { meQuery, setupQuery } from './auth/api';
import { InvitePage } from './auth/InvitePage';
import { LoginPage } from './auth/LoginPage';
import { SetupPage } from './auth/SetupPage';
import { AuditPage } from './audit/AuditPage';
import { CompaniesPage } from './companies/CompaniesPage';
import { CompanyPage } from './companies/CompanyPage';
import { AppLayout } from './components/AppLayout';
import { ButtonLink } from './components/links';
import { ContactPage } from './contacts/ContactPage';
import { DealPage } from './deals/DealPage';
import { DealsPage } from './deals/DealsPage';
import { validateDealsSearch } from './deals/search';
import { ContactsPage } from './contacts/ContactsPage';
import { DuplicatesPage } from './contacts/DuplicatesPage';
import { ImportPage } from './imports/ImportPage';
import { ImportsPage } from './imports/ImportsPage';
import { ImportWizard } from './imports/ImportWizard';
import { ApiError } from './lib/http';
import { PipelinesPage } from './pipelines/PipelinesPage';
import { queryClient } from './queryClient';
import { validateContactsSearch } from './contacts/api';
import { SegmentBuilderPage } from './segments/SegmentBuilderPage';
import { SegmentsPage } from './segments/SegmentsPage';
import { FormBuilderPage } from './forms/FormBuilderPage';
import { FormsPage } from './forms/FormsPage';
import { ListPage } from './lists/ListPage';
import { ListsPage } from './lists/ListsPage';
import { validateReportsSearch } from './reports/search';
import { ApiKeysPage } from './settings/ApiKeysPage';
import { CustomFieldsPage } from './settings/CustomFieldsPage';
import { SuppressionsPage } from './suppressions/SuppressionsPage';
import { UsersPage } from './settings/UsersPage';

function NotFound() {
  return (
    <Center py={80}>
      <Stack align="center" gap="xs">
        <Title order={2}>Page not found</Title>
        <Text c="dimmed">The page you are looking for does not exist.</Text>
        <ButtonLink to="/contacts" variant="light" mt="sm">Go to contacts</ButtonLink>
      </Stack>
    </Center>
  );
}

const rootRoute = createRootRouteWithContext<{ queryClient: QueryClient }>()({
  component: Outlet,
  notFoundComponent: NotFound,
});

const setupRoute = createRoute({ getParentRoute: () => rootRoute, path: '/setup', component: SetupPage });
const loginRoute = createRoute({ getParentRoute: () => rootRoute, path: '/login', component: LoginPage });
const inviteRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/invite/$token',
  component: function Invite() {
    const { token } = inviteRoute.useParams();
    return <InvitePage token={token} />;
  },
});

const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  component: AppLayout,
  beforeLoad: async ({ context }) => {
    try {
      await context.queryClient.ensureQueryData(meQuery);
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 401) throw err;
      const setup = await context.queryClient.fetchQuery(setupQuery).catch(() => ({ needed: false }));
      throw redirect({ to: setup.needed ? '/setup' : '/login' });
    }
  },
});

const indexRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/',
  beforeLoad: () => {
    throw redirect({ to: '/contacts' });
  },
});

const contactsRoute = createRoute({ getParentRoute: () => appRoute, path: '/contacts', validateSearch: validateContactsSearch, component: ContactsPage });
const duplicatesRoute = createRoute({ getParentRoute: () => appRoute, path: '/contacts/duplicates', component: DuplicatesPage });
const contactRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/contacts/$id',
  component: function Contact() {
    const { id } = contactRoute.useParams();
    return <ContactPage key={id} id={Number(id)} />;
  },
});
const companiesRoute = createRoute({ getParentRoute: () => appRoute, path: '/companies', component: CompaniesPage });
const companyRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/companies/$id',
  component: function Company() {
    const { id } = companyRoute.useParams();
    return <CompanyPage key={id} id={Number(id)} />;
  },
});
const importsRoute = createRoute({ getParentRoute: () => appRoute, path: '/imports', component: ImportsPage });
const importNewRoute = createRoute({ getParentRoute: () => appRoute, path: '/imports/new', component: ImportWizard });
const importRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/imports/$id',
  component: function Import() {
    const { id } = importRoute.useParams();
    return <ImportPage id={Number(id)} />;
  },
});
const settingsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/settings',
  beforeLoad: () => {
    throw redirect({ to: '/settings/custom-fields' });
  },
});
const customFieldsRoute = createRoute({ getParentRoute: () => appRoute, path: '/settings/custom-fields', component: CustomFieldsPage });
const usersRoute = createRoute({ getParentRoute: () => appRoute, path: '/settings/users', component: UsersPage });
const apiKeysRoute = createRoute({ getParentRoute: () => appRoute, path: '/settings/api-keys', component: ApiKeysPage });
const auditRoute = createRoute({ getParentRoute: () => appRoute, path: '/audit', component: AuditPage });
const dealsRoute = createRoute({ getParentRoute: () => appRoute, path: '/deals', validateSearch: validateDealsSearch, component: DealsPage });
const dealRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/deals/$id',
  component: function Deal() {
    const { id } = dealRoute.useParams();
    return <DealPage key={id} id={Number(id)} />;
  },
});
const myDayRoute = createRoute({ getParentRoute: () => appRoute, path: '/my-day', component: MyDayPage });
const activityRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/activities/$id',
  component: function Activity() {
    const { id } = activityRoute.useParams();
    return <ActivityRedirect key={id} id={Number(id)} />;
  },
});
const reportsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/reports',
  validateSearch: validateReportsSearch,
  component: lazyRouteComponent(() => import('./reports/ReportsPage'), 'ReportsPage'),
});
const pipelinesRoute = createRoute({ getParentRoute: () => appRoute, path: '/settings/pipelines', component: PipelinesPage });
const segmentsRoute = createRoute({ getParentRoute: () => appRoute, path: '/segments', component: SegmentsPage });
const segmentNewRoute = createRoute({ getParentRoute: () => appRoute, path: '/segments/new', component: () => <SegmentBuilderPage /> });
const segmentRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/segments/$id',
  component: function Segment() {
    const { id } = segmentRoute.useParams();
    return <SegmentBuilderPage key={id} id={Number(id)} />;
  },
});
const listsRoute = createRoute({ getParentRoute: () => appRoute, path: '/lists', component: ListsPage });
const listRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/lists/$id',
  component: function List() {
    const { id } = listRoute.useParams();
    return <ListPage key={id} id={Number(id)} />;
  },
});
const formsRoute = createRoute({ getParentRoute: () => appRoute, path: '/forms', component: FormsPage });
const formNewRoute = createRoute({ getParentRoute: () => appRoute, path: '/forms/new', component: () => <FormBuilderPage /> });
const formRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/forms/$id',
  component: function Form() {
    const { id } = formRoute.useParams();
    return <FormBuilderPage key={id} id={Number(id)} />;
  },
});
const suppressionsRoute = createRoute({ getParentRoute: () => appRoute, path: '/suppressions', component: SuppressionsPage });

const routeTree = rootRoute.addChildren([
  setupRoute,
  loginRoute,
  inviteRoute,
  appRoute.addChildren([
    indexRoute, contactsRoute, duplicatesRoute, contactRoute, companiesRoute, companyRoute,
    importsRoute, importNewRoute, importRoute, settingsRoute, customFieldsRoute, usersRoute, apiKeysRoute, auditRoute,
    dealsRoute, dealRoute, myDayRoute, activityRoute, reportsRoute, pipelinesRoute,
    segmentsRoute, segmentNewRoute, segmentRoute,
    listsRoute, listRoute, formsRoute, formNewRoute, formRoute, suppressionsRoute,
  ]),
]);

export const router = createRouter({ routeTree, context: { queryClient }, defaultPreload: false });

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
