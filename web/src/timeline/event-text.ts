// Shared pieces of the timeline renderers: pure functions, so a test can walk every kind.
import { humanize } from '../lib/format';

export interface TimelineEventLike {
  kind: string;
  data: Record<string, unknown> | null;
  /** Names of the ids the event holds, resolved by the server for what the reader may see ("user:3" → "Ada"). */
  refs?: Record<string, string>;
}

/** A deal named in a title is a link; everything else is text. */
export type TitlePart = string | { dealId: number; text: string };

export interface FieldChangeText {
  field: string;
  label: string;
  before: string;
  after: string;
}

export interface RenderedEvent {
  title: TitlePart[];
  detail: string | null;
  changes?: FieldChangeText[];
  /** True only for a kind without a renderer (the test fails on it). */
  fallback?: boolean;
}

export interface RenderContext {
  /** Labels of custom fields, keyed `custom.<key>`. */
  fieldLabels?: Record<string, string>;
}

export type Renderer = (e: TimelineEventLike, c: RenderContext) => RenderedEvent;

export const dataOf = (e: TimelineEventLike) => (e.data ?? {}) as Record<string, unknown>;
export const str = (v: unknown) => (v == null ? '' : typeof v === 'object' ? '' : String(v));
export const joined = (parts: (string | null | undefined | false)[], sep = ' · ') => parts.filter(Boolean).join(sep) || null;

/** The name the server resolved for an id, else the name stored in the event, else a noun: never "#12". */
export function nameOf(e: TimelineEventLike, kind: string, id: unknown, stored: unknown, noun: string): string {
  const resolved = id != null ? e.refs?.[`${kind}:${String(id)}`] : undefined;
  return resolved ?? (str(stored) || noun);
}

export function money(value: unknown, currency: unknown): string {
  if (typeof value !== 'number') return '';
  if (typeof currency !== 'string') return String(value);
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency, maximumFractionDigits: 2 }).format(value);
  } catch {
    return `${value} ${currency}`;
  }
}

/** A value shown in a sentence: lists joined, objects as "key: value" pairs, never JSON. */
export function plain(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (Array.isArray(v)) return v.length ? v.map(plain).join(', ') : '—';
  if (typeof v === 'boolean') return v ? 'Yes' : 'No';
  if (typeof v === 'object') return Object.entries(v as Record<string, unknown>).map(([k, x]) => `${humanize(k).toLowerCase()}: ${plain(x)}`).join(', ') || '—';
  return String(v);
}

/** Primitive properties of an open payload (custom events, purchases) as one line. */
export function properties(data: Record<string, unknown>, skip: string[] = []): string | null {
  const entries = Object.entries(data).filter(([k]) => !skip.includes(k)).slice(0, 6);
  return entries.length ? entries.map(([k, v]) => `${humanize(k)}: ${plain(v)}`).join(' · ') : null;
}

export const text = (title: string, detail: string | null = null): RenderedEvent => ({ title: [title], detail });
