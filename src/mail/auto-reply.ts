/**
 * RFC 3834 and its real-world cousins: a message written by a machine in answer to another. Such
 * mail never opens a ticket, never counts as a bounce, and is never answered (no mail loops).
 */
export function isAutoSubmitted(headers: { key: string; value: string }[]): boolean {
  const get = (name: string) => headers.filter((h) => h.key.toLowerCase() === name).map((h) => h.value.toLowerCase().trim());
  if (get('auto-submitted').some((v) => v !== '' && !v.startsWith('no'))) return true;
  if (get('x-autoreply').length || get('x-autorespond').length || get('x-auto-response-suppress').some((v) => /all|oof|autoreply/.test(v))) return true;
  if (get('precedence').some((v) => ['bulk', 'junk', 'list', 'auto_reply'].includes(v))) return true;
  if (get('x-precedence').some((v) => ['bulk', 'junk', 'auto_reply'].includes(v))) return true;
  return false;
}
