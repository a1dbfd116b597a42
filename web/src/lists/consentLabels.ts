import type { ConsentSource, ConsentStatus, LawfulBasis } from './api';

export const CONSENT_COLOR: Record<ConsentStatus, string> = { granted: 'green', withdrawn: 'red', pending: 'yellow' };

export const SOURCE_LABEL: Record<ConsentSource, string> = {
  form: 'Sign-up form', confirmation: 'Email confirmation', preference_centre: 'Preference centre',
  one_click_unsubscribe: 'One-click unsubscribe', import: 'Import', api: 'API', admin: 'Our team', ui: 'In the app',
};

/** GDPR Art. 6(1); the server's list is src/modules/lists/lists.schema.ts `lawfulBases`. */
export const LAWFUL_BASES: { value: LawfulBasis; label: string }[] = [
  { value: 'consent', label: 'Consent' },
  { value: 'contract', label: 'Contract' },
  { value: 'legitimate_interest', label: 'Legitimate interest' },
  { value: 'legal_obligation', label: 'Legal obligation' },
  { value: 'vital_interests', label: 'Vital interests' },
  { value: 'public_task', label: 'Public task' },
];
