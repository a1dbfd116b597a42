import type { AppContext } from '../context.js';
import { apiKeysRoutes } from '../modules/api-keys/api-keys.routes.js';
import { auditRoutes } from '../modules/audit/audit.routes.js';
import { authRoutes } from '../modules/auth/auth.routes.js';
import { companiesRoutes } from '../modules/companies/companies.routes.js';
import { contactsRoutes } from '../modules/contacts/contacts.routes.js';
import { customFieldsRoutes } from '../modules/custom-fields/custom-fields.routes.js';
import { exportsRoutes } from '../modules/exports/exports.routes.js';
import { importsRoutes } from '../modules/imports/imports.routes.js';
import { listsRoutes } from '../modules/lists/lists.routes.js';
import { formsRoutes } from '../modules/forms/forms.routes.js';
import { publicRoutes } from '../modules/public/public.routes.js';
import { suppressionsRoutes } from '../modules/suppressions/suppressions.routes.js';
import { notesRoutes } from '../modules/notes/notes.routes.js';
import { segmentsRoutes } from '../modules/segments/segments.routes.js';
import { usersRoutes } from '../modules/users/users.routes.js';
import { activitiesRoutes } from '../modules/activities/activities.routes.js';
import { dealsRoutes } from '../modules/deals/deals.routes.js';
import { notificationsRoutes } from '../modules/notifications/notifications.routes.js';
import { pipelinesRoutes } from '../modules/pipelines/pipelines.routes.js';
import { reportsRoutes } from '../modules/reports/reports.routes.js';
import { workspacesRoutes } from '../modules/workspaces/workspaces.routes.js';
import type { App } from './types.js';

/** Every module's routes, registered in one place. */
export function registerModuleRoutes(app: App, ctx: AppContext): void {
  authRoutes(app, ctx);
  usersRoutes(app, ctx);
  apiKeysRoutes(app, ctx);
  auditRoutes(app, ctx);
  customFieldsRoutes(app, ctx);
  contactsRoutes(app, ctx);
  companiesRoutes(app, ctx);
  notesRoutes(app, ctx);
  segmentsRoutes(app, ctx);
  listsRoutes(app, ctx);
  formsRoutes(app, ctx);
  publicRoutes(app, ctx);
  suppressionsRoutes(app, ctx);
  importsRoutes(app, ctx);
  exportsRoutes(app, ctx);
  workspacesRoutes(app, ctx);
  pipelinesRoutes(app, ctx);
  dealsRoutes(app, ctx);
  activitiesRoutes(app, ctx);
  notificationsRoutes(app, ctx);
  reportsRoutes(app, ctx);
}
