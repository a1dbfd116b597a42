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
import { CampaignEditorPage } from './campaigns/CampaignEditorPage';
import { CampaignsPage } from './campaigns/CampaignsPage';
import { ChatPage } from './chat/ChatPage';
import { ListPage } from './lists/ListPage';
import { OrdersPage } from './orders/OrdersPage';
import { ListsPage } from './lists/ListsPage';
import { validateReportsSearch } from './reports/search';
import { ApiKeysPage } from './settings/ApiKeysPage';
import { CustomFieldsPage } from './settings/CustomFieldsPage';
import { SuppressionsPage } from './suppressions/SuppressionsPage';
import { CampaignReportPage } from './email-reports/CampaignReportPage';
import { DeliverabilityPage } from './email-reports/DeliverabilityPage';
import { EmailReportsPage } from './email-reports/EmailReportsPage';
import { UsersPage } from './settings/UsersPage';
import { SendingPage } from './sending/SendingPage';
import { TemplateEditorPage } from './templates/TemplateEditorPage';
import { TemplatesPage } from './templates/TemplatesPage';
import { TicketPage } from './tickets/TicketPage';
import { TicketsPage } from './tickets/TicketsPage';

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
const ordersRoute = createRoute({ getParentRoute: () => appRoute, path: '/orders', component: OrdersPage });
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
const templatesRoute = createRoute({ getParentRoute: () => appRoute, path: '/templates', component: TemplatesPage });
const templateRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/templates/$id',
  component: function TemplateEditor() {
    const { id } = templateRoute.useParams();
    return <TemplateEditorPage key={id} id={Number(id)} />;
  },
});
const sendingRoute = createRoute({ getParentRoute: () => appRoute, path: '/settings/sending', component: SendingPage });
const campaignReportRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/campaigns/$id/report',
  component: function CampaignReport() {
    const { id } = campaignReportRoute.useParams();
    return <CampaignReportPage key={id} id={Number(id)} />;
  },
});
const emailReportsRoute = createRoute({ getParentRoute: () => appRoute, path: '/email-reports', component: EmailReportsPage });
const deliverabilityRoute = createRoute({ getParentRoute: () => appRoute, path: '/deliverability', component: DeliverabilityPage });
const campaignsRoute = createRoute({ getParentRoute: () => appRoute, path: '/campaigns', component: CampaignsPage });
// The help desk's reports and settings (issue 11), loaded on first visit.
const supportReportsRoute = createRoute({ getParentRoute: () => appRoute, path: '/support-reports', component: lazyRouteComponent(() => import('./support-reports/SupportReportsPage'), 'SupportReportsPage') });
const slaPoliciesRoute = createRoute({ getParentRoute: () => appRoute, path: '/settings/sla-policies', component: lazyRouteComponent(() => import('./helpdesk-settings/SlaPoliciesPage'), 'SlaPoliciesPage') });
const businessHoursRoute = createRoute({ getParentRoute: () => appRoute, path: '/settings/business-hours', component: lazyRouteComponent(() => import('./helpdesk-settings/BusinessHoursPage'), 'BusinessHoursPage') });
const cannedRepliesRoute = createRoute({ getParentRoute: () => appRoute, path: '/settings/canned-replies', component: lazyRouteComponent(() => import('./helpdesk-settings/CannedRepliesPage'), 'CannedRepliesPage') });
const chatWidgetRoute = createRoute({ getParentRoute: () => appRoute, path: '/settings/chat-widget', component: lazyRouteComponent(() => import('./chat-widget/ChatWidgetPage'), 'ChatWidgetPage') });
const campaignRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/campaigns/$id',
  component: function CampaignRoute() {
    const { id } = campaignRoute.useParams();
    return <CampaignEditorPage key={id} id={Number(id)} />;
  },
});

const ticketsRoute = createRoute({ getParentRoute: () => appRoute, path: '/tickets', component: TicketsPage });
const ticketRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/tickets/$id',
  component: function Ticket() {
    const { id } = ticketRoute.useParams();
    return <TicketPage key={id} id={Number(id)} />;
  },
});
const chatRoute = createRoute({ getParentRoute: () => appRoute, path: '/chat', component: ChatPage });

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
    templatesRoute, templateRoute, sendingRoute,
    campaignReportRoute, emailReportsRoute, deliverabilityRoute,
    campaignsRoute, campaignRoute,
    ticketsRoute, ticketRoute, chatRoute,
    supportReportsRoute, slaPoliciesRoute, businessHoursRoute, cannedRepliesRoute, chatWidgetRoute,
    ordersRoute,
  ]),
]);

export const router = createRouter({ routeTree, context: { queryClient }, defaultPreload: false });

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
