import sanitizeHtml from 'sanitize-html';
import { z } from 'zod';
import { escapeHtml } from '../../mail/render-message.js';

/**
 * The block editor's document and its translation to MJML. The document is what the editor saves
 * (email_templates.blocks); the MJML made from it is what is compiled and sent.
 */
const color = z.string().regex(/^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$/, 'must be a colour like #1a2b3c');
// A URL or a Liquid expression (e.g. {{ unsubscribe_url }}): checked for the scheme, not resolved.
const href = z.string().trim().max(2000).regex(/^(https?:\/\/|mailto:|\{\{)/i, 'must start with https://, http://, mailto: or {{');
const align = z.enum(['left', 'center', 'right']).default('left');

const text = z.object({ type: z.literal('text'), html: z.string().max(50_000), align });
const image = z.object({ type: z.literal('image'), src: href, alt: z.string().max(500).default(''), href: href.optional(), width: z.number().int().min(20).max(600).optional() });
const button = z.object({ type: z.literal('button'), label: z.string().min(1).max(200), href, color: color.default('#1c7ed6'), align: align.default('center') });
const divider = z.object({ type: z.literal('divider'), color: color.default('#dee2e6') });
const socialNetworks = ['facebook', 'x', 'linkedin', 'instagram', 'youtube', 'github'] as const;
const social = z.object({ type: z.literal('social'), links: z.array(z.object({ network: z.enum(socialNetworks), href })).min(1).max(8) });
const footer = z.object({ type: z.literal('footer'), html: z.string().max(5000).default('') });
const leaf = z.discriminatedUnion('type', [text, image, button, divider, social]);
const columns = z.object({ type: z.literal('columns'), columns: z.array(z.array(leaf).max(20)).min(2).max(4) });
export const block = z.discriminatedUnion('type', [text, image, button, divider, social, footer, columns]);
export type Block = z.infer<typeof block>;

export const blockDocument = z.object({
  version: z.literal(1).default(1),
  backgroundColor: color.default('#f1f3f5'),
  contentColor: color.default('#ffffff'),
  fontFamily: z.enum(['Helvetica, Arial, sans-serif', 'Georgia, serif', 'Verdana, sans-serif']).default('Helvetica, Arial, sans-serif'),
  blocks: z.array(block).min(1).max(100),
});
export type BlockDocument = z.infer<typeof blockDocument>;
export type BlockDocumentInput = z.input<typeof blockDocument>;

// What a text block may hold: formatting and links, no scripts, styles or forms.
const TEXT_HTML: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'strong', 'b', 'em', 'i', 'u', 's', 'a', 'ul', 'ol', 'li', 'h1', 'h2', 'h3', 'h4', 'blockquote', 'span', 'code'],
  allowedAttributes: { a: ['href', 'title'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  // Liquid in an href ({{ unsubscribe_url }}) has no scheme, so it is kept; javascript: is not.
  disallowedTagsMode: 'discard',
};

const attr = (value: string) => escapeHtml(value);

const LIQUID = /\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/g;
const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&', '&quot;': '"', '&#39;': "'" };

/**
 * A text block's HTML, sanitised, with its Liquid intact: the sanitiser escapes `>` in text
 * (`{% if score > 5 %}` would reach Liquid as `&gt;`, a syntax error), so inside each Liquid
 * segment of the text the entities are decoded again, once. A `<` that could open a tag stays
 * escaped, so no markup can come back through Liquid's source. Splitting on tags is exact here:
 * the sanitiser's output escapes `<` and `>` everywhere but in its tags.
 */
export function sanitizeText(html: string): string {
  return sanitizeHtml(html, TEXT_HTML).split(/(<[^>]*>)/).map((part, i) => (i % 2 === 1 ? part : part.replace(LIQUID, (segment) =>
    segment.replace(/&(lt|gt|amp|quot|#39);/g, (e) => ENTITIES[e]!).replace(/<(?=[A-Za-z/!?])/g, '&lt;')))).join('');
}

function leafMjml(b: z.infer<typeof leaf>): string {
  switch (b.type) {
    case 'text':
      return `<mj-text align="${b.align}">${sanitizeText(b.html)}</mj-text>`;
    case 'image':
      return `<mj-image src="${attr(b.src)}" alt="${attr(b.alt)}"${b.href ? ` href="${attr(b.href)}"` : ''}${b.width ? ` width="${b.width}px"` : ''} />`;
    case 'button':
      return `<mj-button href="${attr(b.href)}" background-color="${b.color}" align="${b.align}">${escapeHtml(b.label)}</mj-button>`;
    case 'divider':
      return `<mj-divider border-color="${b.color}" border-width="1px" />`;
    case 'social':
      return `<mj-social mode="horizontal" icon-size="24px">${b.links.map((l) => `<mj-social-element name="${l.network === 'x' ? 'x' : l.network}" href="${attr(l.href)}"></mj-social-element>`).join('')}</mj-social>`;
  }
}

// The footer always carries the postal address and the unsubscribe and preference links.
const FOOTER_LINKS = '<a href="{{ unsubscribe_url }}">Unsubscribe</a> · <a href="{{ preferences_url }}">Email preferences</a>';

function sectionMjml(b: Block, doc: BlockDocument): string {
  const bg = `background-color="${doc.contentColor}"`;
  if (b.type === 'columns') {
    return `<mj-section ${bg}>${b.columns.map((col) => `<mj-column>${col.map(leafMjml).join('')}</mj-column>`).join('')}</mj-section>`;
  }
  if (b.type === 'footer') {
    const extra = b.html ? `<p>${sanitizeText(b.html)}</p>` : '';
    return `<mj-section><mj-column><mj-text align="center" font-size="12px" color="#495057">${extra}<p>{{ workspace.name }} · {{ workspace.postal_address }}</p><p>${FOOTER_LINKS}</p></mj-text></mj-column></mj-section>`;
  }
  return `<mj-section ${bg}><mj-column>${leafMjml(b)}</mj-column></mj-section>`;
}

/** The MJML of a block document (valid for the strict compiler; Liquid passes through). */
export function blocksToMjml(input: BlockDocumentInput): string {
  const doc = blockDocument.parse(input);
  const body = doc.blocks.map((b) => sectionMjml(b, doc)).join('\n      ');
  return `<mjml>
  <mj-head>
    <mj-attributes><mj-all font-family="${doc.fontFamily}" /><mj-text font-size="15px" line-height="1.5" color="#212529" /></mj-attributes>
  </mj-head>
  <mj-body background-color="${doc.backgroundColor}" width="600px">
      ${body}
  </mj-body>
</mjml>
`;
}
