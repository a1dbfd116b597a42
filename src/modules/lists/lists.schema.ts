import { z } from 'zod';
import { pageQuery } from '../../http/types.js';

const name = z.string().trim().min(1, 'must not be empty').max(200);
const description = z.string().trim().max(2000).nullable().optional().transform((v) => (v === '' ? null : v));

export const listPurposes = ['marketing', 'transactional'] as const;
export const memberStatuses = ['subscribed', 'unsubscribed', 'pending'] as const;
export const consentStatuses = ['granted', 'withdrawn', 'pending'] as const;
export const consentSources = ['form', 'confirmation', 'preference_centre', 'one_click_unsubscribe', 'import', 'api', 'admin', 'ui'] as const;
export const optInModes = ['single', 'double'] as const;
/** GDPR Art. 6(1) bases a workspace can declare for adding people itself. */
export const lawfulBases = ['consent', 'contract', 'legal_obligation', 'vital_interests', 'public_task', 'legitimate_interest'] as const;

const shortText = (max: number) => z.string().trim().max(max).nullable().optional().transform((v) => (v === '' ? null : v));
const listDetails = {
  optInMode: z.enum(optInModes).optional().describe('double: new subscribers confirm by email first (needs SMTP_URL)'),
  publicName: shortText(200).describe('Shown on forms, in the preference centre and in confirmation emails'),
  publicDescription: shortText(1000),
  senderName: shortText(100).describe('From name of the confirmation email'),
};

export const createListBody = z.object({
  name,
  description,
  purpose: z.enum(listPurposes).default('marketing').describe('marketing: sends need consent; transactional: service messages'),
  ...listDetails,
});
export type CreateListInput = z.infer<typeof createListBody>;

export const updateListBody = z.object({ name: name.optional(), description, purpose: z.enum(listPurposes).optional(), ...listDetails });
export type UpdateListInput = z.infer<typeof updateListBody>;

export const listPageQuery = z.object(pageQuery);

export const membersQuery = z.object({
  ...pageQuery,
  status: z.enum(memberStatuses).optional().describe('Only members with this status'),
});
export type MembersQuery = z.infer<typeof membersQuery>;

/** How the workspace obtained consent for people it adds itself (admin, API or import). */
export const consentDeclaration = z.object({
  source: z.enum(['admin', 'api', 'import']),
  lawfulBasis: z.enum(lawfulBases),
  proof: z.string().trim().min(3, 'say how and where consent was obtained').max(2000),
  textShown: z.string().max(10_000).optional(),
});
export type ConsentDeclaration = z.infer<typeof consentDeclaration>;

export const addMembersBody = z.object({
  contactIds: z.array(z.number().int().positive()).min(1, 'give at least one contact').max(1000).transform((ids) => [...new Set(ids)]),
  status: z.enum(memberStatuses).default('subscribed').describe('pending: as subscribed on a double opt-in list (a confirmation is sent)'),
  consent: consentDeclaration.optional().describe('Required to subscribe people to a marketing list'),
});
export type AddMembersInput = z.infer<typeof addMembersBody>;

export const memberParams = z.object({
  id: z.coerce.number().int().positive().describe('List id'),
  contactId: z.coerce.number().int().positive(),
});

export const recordConsentBody = z.object({
  channel: z.literal('email'),
  listId: z.number().int().positive().optional().describe('Absent: consent for the whole channel'),
  status: z.enum(consentStatuses),
  source: z.enum(consentSources).describe('How it was given: form, import (with proof), api or ui'),
  ip: z.union([z.ipv4(), z.ipv6()], { message: 'must be an IPv4 or IPv6 address' }).optional(),
  textShown: z.string().max(10_000).optional().describe('The consent text the contact saw'),
  lawfulBasis: z.enum(lawfulBases).optional(),
  proof: z.string().trim().max(2000).optional(),
});
export type RecordConsentInput = z.infer<typeof recordConsentBody>;

export const consentPageQuery = z.object(pageQuery);
