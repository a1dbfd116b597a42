import { useSyncExternalStore } from 'react';
import { ApiError, http } from '../lib/http';

/**
 * Notes and calls logged with no network wait here (in localStorage, so a reload or a closed tab
 * keeps them) and are sent in order once the network is back. A change the server refuses on
 * replay (the contact was deleted meanwhile, the role changed…) becomes a conflict that stays
 * listed, with the server's reason, until the person retries or discards it: nothing is dropped
 * silently. Each change belongs to the account that made it; another account never sends it.
 */
export interface OutboxItem {
  id: string;
  /** `userId@workspaceId` of the account that made the change. */
  owner: string;
  path: string;
  body: unknown;
  /** What the banner and the record's panel show ("Note on Grace Hopper"). */
  label: string;
  /** The record it belongs to, so its page can show it as waiting (`contacts/12`). */
  record: string;
  createdAt: string;
  state: 'waiting' | 'conflict';
  reason?: string;
}

const KEY = 'rapport.outbox';
const listeners = new Set<() => void>();
let snapshot: OutboxItem[] = read();

function read(): OutboxItem[] {
  try {
    const parsed = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(parsed) ? (parsed as OutboxItem[]) : [];
  } catch {
    return [];
  }
}
function write(items: OutboxItem[]) {
  snapshot = items;
  localStorage.setItem(KEY, JSON.stringify(items));
  for (const l of listeners) l();
}

export const outboxItems = () => snapshot;
export function useOutbox(): OutboxItem[] {
  return useSyncExternalStore((l) => { listeners.add(l); return () => listeners.delete(l); }, () => snapshot);
}

export function discard(id: string) {
  write(snapshot.filter((i) => i.id !== id));
}
export function retry(id: string) {
  write(snapshot.map((i) => (i.id === id ? { ...i, state: 'waiting', reason: undefined } : i)));
}

let currentOwner: string | null = null;
export function setOutboxOwner(owner: string | null) {
  currentOwner = owner;
}

/** Sends the change now, or keeps it for later when the network is down. */
export async function sendOrQueue<T>(path: string, body: unknown, about: { label: string; record: string }): Promise<T | { queued: OutboxItem }> {
  // The same key on the first try and on every replay: a note that reached the server just as
  // the connection dropped is answered from the server's kept answer, not written twice.
  const id = crypto.randomUUID();
  try {
    return await http<T>(path, { method: 'POST', body, idempotencyKey: id });
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 0 || !currentOwner) throw e;
    const item: OutboxItem = { id, owner: currentOwner, path, body, ...about, createdAt: new Date().toISOString(), state: 'waiting' };
    write([...snapshot, item]);
    return { queued: item };
  }
}

let flushing: Promise<number> | null = null;
/** Sends the waiting changes of the current account in order; returns how many went through. */
export function flushOutbox(onSent: (item: OutboxItem) => void): Promise<number> {
  flushing ??= (async () => {
    let sent = 0;
    try {
      for (const item of snapshot.filter((i) => i.state === 'waiting' && i.owner === currentOwner)) {
        try {
          await http(item.path, { method: 'POST', body: item.body, idempotencyKey: item.id });
        } catch (e) {
          const status = e instanceof ApiError ? e.status : 0;
          const stillRunning = e instanceof ApiError && e.code === 'IDEMPOTENCY_IN_PROGRESS';
          // Still offline, the server is down, or the first try is still running there: try again later, keep the order.
          if (status === 0 || status >= 500 || status === 429 || stillRunning) break;
          const reason = e instanceof Error ? e.message : String(e);
          write(snapshot.map((i) => (i.id === item.id ? { ...i, state: 'conflict', reason } : i)));
          continue;
        }
        write(snapshot.filter((i) => i.id !== item.id));
        sent++;
        onSent(item);
      }
    } finally {
      flushing = null;
    }
    return sent;
  })();
  return flushing;
}
