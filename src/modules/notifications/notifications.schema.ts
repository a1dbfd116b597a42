import { z } from 'zod';
import { pageQuery } from '../../http/types.js';

export const listNotificationsQuery = z.object({
  ...pageQuery,
  unread: z.enum(['true', 'false']).default('false').transform((v) => v === 'true').describe('Only unread ones'),
});
export type ListNotificationsQuery = z.infer<typeof listNotificationsQuery>;

export const preferencesBody = z.object({ emailReminders: z.boolean().describe('Also email task reminders (when the server has SMTP_URL)') });
