import { listContactsQuery } from '../contacts/contacts.schema.js';

/** The contacts list's own filters and sort, without paging: the export walks every page. */
export const exportContactsQuery = listContactsQuery.omit({ limit: true, cursor: true });
