import type { CustomKind } from '../timeline/event-kinds.js';

/**
 * The timeline kind of a custom event: event names are data ("Order Completed", "signed-up"), the
 * timeline's custom kinds a slug (`custom.order_completed`, event-kinds.ts). The raw name stays in
 * web_events and in the timeline row's data (`eventName`).
 */
export function customKindOf(name: string): CustomKind {
  let slug = name.normalize('NFKD').toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  if (!/^[a-z]/.test(slug)) slug = `e_${slug}`;
  return `custom.${slug.slice(0, 61).replace(/_+$/, '')}`;
}
