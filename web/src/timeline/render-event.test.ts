import { describe, expect, it } from 'vitest';
import { EVENT_KINDS, type PropertyType } from '../../../src/modules/timeline/event-kinds';
import { renderEvent, RENDERERS, titleText } from './render-event';
import type { RenderedEvent } from './event-text';

// A value of each declared type, ids included, so a renderer that prints an id or an object shows up.
const SAMPLE: Record<PropertyType, unknown> = { text: 'Sample text', number: 7, boolean: true, any: { nested: ['a', 1] } };
const OPEN_DATA = { subject: 'Spring sale', url: 'https://example.com/a', amount: 12.5, currency: 'EUR', campaign: { id: 3, name: 'Spring' } };

const everything = (r: RenderedEvent) => [titleText(r), r.detail ?? '', ...(r.changes ?? []).flatMap((c) => [c.label, c.before, c.after])].join('\n');

describe('timeline renderers', () => {
  // Derived from the registry, so a kind another module declares later fails here until it is rendered.
  const kinds = Object.keys(EVENT_KINDS) as (keyof typeof EVENT_KINDS)[];

  it.each(kinds)('%s reads as a sentence, not JSON', (kind) => {
    const spec = EVENT_KINDS[kind];
    const data: Record<string, unknown> = Object.fromEntries(Object.entries(spec.properties).map(([name, p]) => [name, SAMPLE[p.type]]));
    if ('openData' in spec && spec.openData) Object.assign(data, OPEN_DATA);
    expect(Object.hasOwn(RENDERERS, kind), `no renderer for "${kind}" in web/src/timeline/render-event.ts`).toBe(true);
    for (const withData of [data, {}, null]) {
      const r = renderEvent({ kind, data: withData });
      const out = everything(r);
      expect(r.fallback).toBeUndefined();
      expect(titleText(r).trim()).not.toBe('');
      expect(out).not.toMatch(/[{}"]|\[object|undefined|NaN|#\d/);
    }
  });

  it('shows ids as the names the server resolved, and a noun when it resolved none', () => {
    const owner = { kind: 'field_changed', data: { field: 'ownerId', before: 1, after: 2 } };
    const named = renderEvent({ ...owner, refs: { 'user:1': 'Ada Lovelace', 'user:2': 'Bob Stone' } });
    expect(titleText(named)).toBe('Changed owner');
    expect(named.changes).toEqual([{ field: 'ownerId', label: 'Owner', before: 'Ada Lovelace', after: 'Bob Stone' }]);
    expect(renderEvent(owner).changes?.[0]).toMatchObject({ before: 'a user', after: 'a user' });

    const consent = { kind: 'consent_granted', data: { listId: null, source: 'ui', channel: 'email' } };
    expect(titleText(renderEvent(consent))).toBe('Consent recorded for all email');
    expect(renderEvent(consent).detail).toBe('via in the app');
    const sub = renderEvent({ kind: 'list_subscribed', data: { listId: 4, listName: 'Old name' }, refs: { 'list:4': 'Newsletter' } });
    expect(titleText(sub)).toBe('Subscribed to “Newsletter”');

    const won = renderEvent({ kind: 'deal_won', data: { dealId: 9, title: 'Stored title' }, refs: { 'deal:9': 'Acme renewal' } });
    expect(won.title).toEqual(['Deal won: ', { dealId: 9, text: 'Acme renewal' }]);
    // A deal the reader may not see: the stored title as text, no link.
    expect(renderEvent({ kind: 'deal_won', data: { dealId: 9, title: 'Stored title' } }).title).toEqual(['Deal won: ', 'Stored title']);
  });

  it('renders custom events and unknown kinds as properties, flagging only the unknown', () => {
    const custom = renderEvent({ kind: 'custom.trial_started', data: { plan: 'pro', seats: 3 } });
    expect(titleText(custom)).toBe('Trial started');
    expect(custom.detail).toBe('Plan: pro · Seats: 3');
    expect(custom.fallback).toBeUndefined();
    expect(renderEvent({ kind: 'brand_new', data: { a: { b: 1 } } })).toMatchObject({ fallback: true, detail: 'A: b: 1' });
  });

  it('renders a web visit as one line with its pages, and a tracked event by its own name', () => {
    const visit = renderEvent({ kind: 'web_session', data: { pages: 3, events: 1, landingUrl: 'https://shop.test/pricing?utm_campaign=spring', referrer: 'https://www.google.com/', utmCampaign: 'spring' } });
    expect(titleText(visit)).toBe('Visited the website: 3 pages, 1 event');
    expect(visit.detail).toBe('landed on /pricing?utm_campaign=spring · from www.google.com · campaign spring');
    const tracked = renderEvent({ kind: 'custom.order_completed', data: { eventName: 'Order Completed', eventId: 'e1', total: 42 } });
    expect(titleText(tracked)).toBe('Order Completed');
    expect(tracked.detail).toBe('Total: 42');
  });
});
