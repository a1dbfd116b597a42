// SLA policies, business hours and canned replies of the help desk (settings pages).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { http } from '../lib/http';

export type Weekly = Partial<Record<'0' | '1' | '2' | '3' | '4' | '5' | '6', { start: number; end: number }[]>>;
export interface BusinessHours { id: number; name: string; timeZone: string; weekly: Weekly; holidays: string[] }
export interface SlaPolicy {
  id: number; name: string; inboxId: number | null; priority: string | null; firstResponseMinutes: number | null;
  nextResponseMinutes: number | null; resolutionMinutes: number | null; warnBeforeMinutes: number; businessHoursId: number | null;
}
export interface CannedReply { id: number; name: string; body: string; shared: boolean }

/** List, create and delete for one settings collection; `key` is its path under /api/v1. */
function collection<T, In>(key: string, pick: (r: never) => T[]) {
  return {
    useList: () => useQuery({ queryKey: [key], queryFn: () => http<never>(`/${key}`), select: pick }),
    useCreate: () => {
      const qc = useQueryClient();
      return useMutation({ mutationFn: (input: In) => http<T>(`/${key}`, { method: 'POST', body: input }), meta: { silent: true }, onSuccess: () => qc.invalidateQueries({ queryKey: [key] }) });
    },
    useDelete: () => {
      const qc = useQueryClient();
      return useMutation({ mutationFn: (id: number) => http<void>(`/${key}/${id}`, { method: 'DELETE' }), onSuccess: () => qc.invalidateQueries({ queryKey: [key] }) });
    },
  };
}

export const businessHoursApi = collection<BusinessHours, Omit<BusinessHours, 'id'>>('business-hours', (r: { data: BusinessHours[] }) => r.data);
export const slaPoliciesApi = collection<SlaPolicy, Partial<Omit<SlaPolicy, 'id'>>>('sla-policies', (r: { data: SlaPolicy[] }) => r.data);
export const cannedRepliesApi = collection<CannedReply, Omit<CannedReply, 'id'>>('canned-replies', (r: { items: CannedReply[] }) => r.items);
