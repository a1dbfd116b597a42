import { esc } from '../public/html.js';
import type { FormRow } from './forms.repo.js';
import type { FormField } from './forms.schema.js';

const INPUT: Record<string, { type: string; autocomplete?: string }> = {
  email: { type: 'email', autocomplete: 'email' },
  first_name: { type: 'text', autocomplete: 'given-name' },
  last_name: { type: 'text', autocomplete: 'family-name' },
  phone: { type: 'tel', autocomplete: 'tel' },
};

function fieldHtml(f: FormField, formId: number): string {
  const id = `rf${formId}-${f.key.replace(/[^a-z0-9_]/g, '-')}`;
  const kind = INPUT[f.key] ?? { type: 'text' };
  return `<label for="${esc(id)}">${esc(f.label)}${f.required ? ' <span aria-hidden="true">*</span>' : ''}</label>
<input id="${esc(id)}" name="${esc(f.key)}" type="${kind.type}"${kind.autocomplete ? ` autocomplete="${kind.autocomplete}"` : ''} maxlength="500"${f.required ? ' required' : ''}>`;
}

/**
 * The form's fields, consent text, honeypot and button. `hpClass`: the hosted page hides the
 * honeypot with its stylesheet; the copy-paste snippet carries its own inline style, as it lands
 * on a site whose stylesheet we don't control.
 */
export function formFieldsHtml(form: Pick<FormRow, 'id' | 'fields' | 'consent_text'>, hosted: boolean): string {
  const hp = hosted ? 'class="hp"' : 'style="position:absolute;left:-10000px" ';
  return [
    ...form.fields.map((f) => fieldHtml(f, form.id)),
    `<p class="consent">${esc(form.consent_text)}</p>`,
    `<div ${hp} aria-hidden="true"><label for="rf${form.id}-website">Leave this empty</label><input id="rf${form.id}-website" name="website" type="text" tabindex="-1" autocomplete="off" value=""></div>`,
    '<button type="submit">Subscribe</button>',
  ].join('\n');
}

/** The plain-HTML snippet: posts urlencoded to the hosted endpoint, which answers with a page or redirect. */
export function formEmbedHtml(form: FormRow, action: string): string {
  return `<form action="${esc(action)}" method="post" accept-charset="utf-8">\n${formFieldsHtml(form, false)}\n</form>`;
}
