import type { Permission } from '../auth/permissions.js';

/**
 * Every timeline event kind the audience modules write, with the permission needed to read it.
 * To be wired into the timeline's event-kind permission registry (src/modules/timeline/
 * event-kinds.ts, on the segments branch) at merge; every role that reads lists may see them.
 */
export const AUDIENCE_EVENT_KINDS: readonly { kind: string; permission: Permission; writtenBy: string }[] = [
  { kind: 'list_subscribed', permission: 'lists:read', writtenBy: 'lists/membership.ts (every subscribe path)' },
  { kind: 'list_pending', permission: 'lists:read', writtenBy: 'lists/membership.ts (double opt-in awaiting confirmation)' },
  { kind: 'list_unsubscribed', permission: 'lists:read', writtenBy: 'lists/membership.ts, lists.service.ts removeMember' },
  { kind: 'consent_granted', permission: 'lists:read', writtenBy: 'lists/consents.service.ts recordConsent' },
  { kind: 'consent_withdrawn', permission: 'lists:read', writtenBy: 'lists/consents.service.ts recordConsent' },
  { kind: 'form_submitted', permission: 'lists:read', writtenBy: 'public/form-submit.ts' },
  // `created` (source: form) is the contacts module's existing kind, readable with contacts:read.
];
