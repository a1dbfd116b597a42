import { useInfiniteQuery } from '@tanstack/react-query';
import { http, type Page } from '../lib/http';

export interface AuditEntry {
  id: number;
  actor: { id: number; name: string } | null;
  actorLabel: string;
  entity: string;
  entityId: string | number | null;
  /** The record's name when the entry was written (or today's, for entries that recorded none). */
  entityName: string | null;
  action: string;
  before: unknown;
  after: unknown;
  createdAt: string;
}

export function useAuditLog(filter: { entity?: string; entityId?: string }) {
  return useInfiniteQuery({
    queryKey: ['audit', filter],
    queryFn: ({ pageParam }) => http<Page<AuditEntry>>('/audit-log', { query: { ...filter, limit: 50, cursor: pageParam } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
