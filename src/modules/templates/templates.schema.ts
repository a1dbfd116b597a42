import { z } from 'zod';
import { pageQuery } from '../../http/types.js';
import { blockDocument } from './blocks.js';

const name = z.string().trim().min(1, 'must not be empty').max(200);
const content = {
  subject: z.string().max(1000).describe('Liquid allowed'),
  preheader: z.string().max(1000).describe('Inbox preview text; Liquid allowed'),
  mjml: z.string().max(500_000).describe('MJML with Liquid; ignored when blocks are given (made from them)'),
  blocks: blockDocument.nullable().describe('The block editor document; the MJML is made from it'),
};

export const createTemplateBody = z.object({
  name,
  kind: z.enum(['marketing', 'transactional']).default('marketing'),
  starter: z.string().max(50).optional().describe('Start from a gallery design (GET /api/v1/templates/starters)'),
  subject: content.subject.default(''),
  preheader: content.preheader.default(''),
  mjml: content.mjml.optional(),
  blocks: content.blocks.optional(),
});
export type CreateTemplateInput = z.infer<typeof createTemplateBody>;

export const updateTemplateBody = z.object({ name: name.optional(), kind: z.enum(['marketing', 'transactional']).optional(), ...content }).partial();
export type UpdateTemplateInput = z.infer<typeof updateTemplateBody>;

export const templatePageQuery = z.object(pageQuery);

export const previewBody = z.object({
  subject: content.subject.default(''),
  preheader: content.preheader.default(''),
  mjml: content.mjml.optional(),
  blocks: content.blocks.optional(),
  contactId: z.number().int().positive().optional().describe('Personalise for this contact (default: a sample contact)'),
});
export type PreviewInput = z.infer<typeof previewBody>;

export const testSendBody = z.object({
  to: z.array(z.email({ message: 'must be an email address' }).max(320)).min(1).max(5).describe('Up to five addresses'),
  fromName: z.string().trim().max(200).default(''),
  fromEmail: z.email({ message: 'must be an email address' }).describe('Its domain picks the sending account and DKIM key'),
  contactId: z.number().int().positive().optional(),
});
export type TestSendInput = z.infer<typeof testSendBody>;
