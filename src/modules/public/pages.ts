import { formFieldsHtml } from '../forms/form-html.js';
import type { FormRow } from '../forms/forms.repo.js';
import { esc, page, paragraph, raw } from './html.js';
import type { PreferenceList } from './preferences.js';

export function formPage(form: FormRow, lists: { name: string; description: string | null }[]): string {
  const intro = lists.map((l) => `<p><strong>${esc(l.name)}</strong>${l.description ? ` — ${esc(l.description)}` : ''}</p>`).join('\n');
  return page({ title: form.name, body: raw(`${intro}\n<form method="post" action="/f/${form.id}" accept-charset="utf-8">\n${formFieldsHtml(form, true)}\n</form>`) });
}

export const messagePage = (title: string, message: string, status: 'ok' | 'error' = 'ok') => page({ title, body: raw(paragraph(message)), status });

/** One button, POSTing to the same address: opening (or prefetching) the link changes nothing. */
export function buttonPage(o: { title: string; text: string; action: string; button: string; hidden?: Record<string, string> }): string {
  const hidden = Object.entries(o.hidden ?? {}).map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`).join('');
  return page({ title: o.title, body: raw(`${paragraph(o.text)}\n<form method="post" action="${esc(o.action)}">${hidden}<button type="submit">${esc(o.button)}</button></form>`) });
}

export function preferencesPage(token: string, p: { email: string | null; lists: PreferenceList[] }, saved: boolean): string {
  const action = `/preferences/${token}`;
  const rows = p.lists.map((l) => `<label class="check"><input type="checkbox" name="list" value="${l.id}"${l.status === 'subscribed' || l.status === 'pending' ? ' checked' : ''}> <span>${esc(l.name)}${l.description ? `<br><span class="muted">${esc(l.description)}</span>` : ''}</span></label>`).join('\n');
  const body = `${saved ? '<p role="status">Your preferences are saved.</p>' : ''}
${p.email ? `<p class="muted">For ${esc(p.email)}</p>` : ''}
<form method="post" action="${esc(action)}">
<fieldset><legend>Email you receive from us</legend>
${rows || '<p>There are no lists to choose from.</p>'}
</fieldset>
<button type="submit">Save preferences</button>
</form>
<form method="post" action="${esc(action)}"><input type="hidden" name="all" value="1"><button type="submit" class="secondary">Unsubscribe from all email</button></form>`;
  return page({ title: 'Email preferences', body: raw(body) });
}
