// Notes and timeline: the same shape for contacts, companies (and, timeline only, deals), so one set of hooks.
import { sendOrQueue } from '../offline/outbox';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { http, type Page } from '../lib/http';

export type RecordKind = 'contacts' | 'companies' | 'deals';

export interface Note {
  id: number;
  body: string;
  /** The body's markdown as HTML, sanitised by the server with a strict allow-list (src/lib/markdown.ts). */
  html: string;
  author: { id: number; name: string } | null;
  createdAt: string;
}

export interface TimelineEvent {
  id: number | string;
  kind: string;
  occurredAt: string;
  actor: { id: number; name: string } | null;
  data: Record<string, unknown> | null;
  /** Names of the ids in `data` the reader may see ("user:3" → "Ada"), resolved by the server. */
  refs?: Record<string, string>;
}

export function useNotes(kind: RecordKind, id: number, enabled = true) {
  return useInfiniteQuery({
    queryKey: ['notes', kind, id],
    queryFn: ({ pageParam }) => http<Page<Note>>(`/${kind}/${id}/notes`, { query: { limit: 20, cursor: pageParam } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
}

export function useAddNote(kind: RecordKind, id: number) {
  const qc = useQueryClient();
  return useMutation({
    // Runs with no network too: the note then waits in the outbox (offline/outbox.ts).
    mutationFn: (body: string) => sendOrQueue<Note>(`/${kind}/${id}/notes`, { body }, { label: 'Note', record: `${kind}/${id}` }),
    networkMode: 'always',
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: ['notes', kind, id] });
      qc.invalidateQueries({ queryKey: ['timeline', kind, id] });
    },
  });
}

export function useTimeline(kind: RecordKind, id: number) {
  return useInfiniteQuery({
    queryKey: ['timeline', kind, id],
    queryFn: ({ pageParam }) => http<Page<TimelineEvent>>(`/${kind}/${id}/timeline`, { query: { limit: 20, cursor: pageParam } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
