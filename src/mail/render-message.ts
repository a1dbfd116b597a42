import { compile as compileHtmlToText } from 'html-to-text';
import type { Template } from 'liquidjs';
import { AppError, ErrorCode } from '../lib/app-error.js';
import { LiquidSyntaxError, parseLiquid, renderLiquidSync } from '../lib/liquid-sandbox.js';

/**
 * Turning a template into the message one recipient receives. MJML is compiled once (per template
 * or campaign); Liquid is parsed once into a PreparedMessage and rendered per recipient. The
 * plain-text part is derived from the HTML once, Liquid tags and all, so a recipient costs three
 * Liquid renders and no HTML parsing.
 */

/** Characters of MJML source accepted; more is refused before the compiler sees it. */
export const MJML_MAX_CHARS = 500_000;

export interface RenderContact {
  id?: number;
  first_name: string | null;
  last_name: string | null;
  email: string;
  company?: { name: string | null; [field: string]: unknown } | null;
  /** Custom fields by key, next to the standard ones. */
  [field: string]: unknown;
}

export interface RenderData {
  contact: RenderContact;
  workspace: { name: string; postal_address: string | null };
  unsubscribe_url: string;
  preferences_url: string;
  campaign?: { name: string };
  /** Transactional sends pass their own `data` keys next to the standard ones. */
  [key: string]: unknown;
}

export interface PreparedMessage {
  subject: Template[];
  preheader: Template[] | null;
  html: Template[];
  text: Template[];
}

export interface RenderedMessage {
  subject: string;
  html: string;
  text: string;
}

/** Compiles MJML to HTML, strictly: any invalid element or attribute is a 400 naming the line. */
export async function compileMjml(mjml: string, field = 'mjml'): Promise<string> {
  if (mjml.length > MJML_MAX_CHARS) {
    throw AppError.invalid({ path: field, message: `must be at most ${MJML_MAX_CHARS} characters` });
  }
  if (!/^\s*(<\?xml[^>]*>\s*)?<mjml[\s>]/.test(mjml)) {
    throw mjmlError(field, null, 'the document must start with an <mjml> element');
  }
  try {
    // Loaded on first use: the send workers import this module for rendering and never compile MJML.
    const { default: mjml2html } = await import('mjml');
    // ignoreIncludes: an <mj-include> must never read the server's file system.
    const result = await mjml2html(mjml, { validationLevel: 'strict', ignoreIncludes: true, keepComments: false });
    return result.html;
  } catch (err) {
    const first = (err as { errors?: Array<{ line?: number; message?: string }> }).errors?.[0];
    // The parser's own words, but never formattedMessage: that one names a path on the server.
    if (first) throw mjmlError(field, first.line ?? null, first.message ?? 'invalid MJML');
    throw mjmlError(field, null, String((err as Error).message ?? err).split('\n')[0]!);
  }
}

function mjmlError(field: string, line: number | null, message: string): AppError {
  const where = line === null ? '' : `line ${line}: `;
  return new AppError(ErrorCode.VALIDATION, `${field}: ${where}${message}`, {
    fields: [{ path: field, message: `${where}${message}` }],
    line,
  });
}

/** Parses Liquid, turning a syntax error into a 400 that names the field and the line. */
export function parseLiquidField(source: string, field: string): Template[] {
  try {
    return parseLiquid(source);
  } catch (err) {
    if (!(err instanceof LiquidSyntaxError)) throw err;
    const where = err.line === null ? '' : `line ${err.line}: `;
    throw new AppError(ErrorCode.VALIDATION, `${field}: ${where}${err.message}`, {
      fields: [{ path: field, message: `${where}${err.message}` }],
      line: err.line,
    });
  }
}

// Headings stay in their case: upper-casing would also upper-case the Liquid names inside them.
const htmlToText = compileHtmlToText({
  wordwrap: false,
  selectors: [
    ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, options: { uppercase: false } })),
    { selector: 'img', format: 'skip' },
    // MJML's own <mj-preview> is a hidden div: it belongs to the inbox preview, not the text.
    { selector: 'div[style*="display:none"]', format: 'skip' },
    { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
  ],
});

/** Parses the subject, preheader, HTML and the text derived from it, once per template. */
export function prepareMessage(input: { html: string; subject: string; preheader?: string | null }): PreparedMessage {
  return {
    subject: parseLiquidField(input.subject, 'subject'),
    preheader: input.preheader ? parseLiquidField(input.preheader, 'preheader') : null,
    html: parseLiquidField(input.html, 'html'),
    text: parseLiquidField(htmlToText(input.html), 'html'),
  };
}

/** Renders one recipient's message. Over the Liquid limits it throws; the caller decides. */
export async function renderMessage(prepared: PreparedMessage, data: RenderData): Promise<RenderedMessage> {
  return renderMessageSync(prepared, data);
}

/** renderMessage without promises: the send workers render one recipient after another. */
export function renderMessageSync(prepared: PreparedMessage, data: RenderData): RenderedMessage {
  const raw = data as Record<string, unknown>;
  const subject = renderLiquidSync(prepared.subject, raw);
  const preheader = prepared.preheader ? renderLiquidSync(prepared.preheader, raw) : '';
  // Values going into HTML are escaped here, so a contact named "<b>" cannot inject markup.
  const html = renderLiquidSync(prepared.html, escapeDeep(raw) as Record<string, unknown>);
  const text = renderLiquidSync(prepared.text, raw);
  return {
    // A header is one line: a newline from a merge field must not start another header.
    subject: subject.replace(/\s+/g, ' ').trim(),
    html: preheader.trim() ? withPreheader(html, preheader) : html,
    text: text.trim() + '\n',
  };
}

const PREHEADER_STYLE =
  'display:none;font-size:1px;color:#ffffff;line-height:1px;max-height:0px;max-width:0px;opacity:0;overflow:hidden;';

/** The preheader goes first in <body>: inboxes show the first text of the body beside the subject. */
function withPreheader(html: string, preheader: string): string {
  const div = `<div style="${PREHEADER_STYLE}">${escapeHtml(preheader.replace(/\s+/g, ' ').trim())}</div>`;
  const body = /<body\b[^>]*>/i.exec(html);
  if (!body) return div + html;
  const at = body.index + body[0].length;
  return html.slice(0, at) + div + html.slice(at);
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

function escapeDeep(value: unknown): unknown {
  if (typeof value === 'string') return escapeHtml(value);
  if (Array.isArray(value)) return value.map(escapeDeep);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) out[key] = escapeDeep(v);
    return out;
  }
  return value;
}
