import { useMutation, useQueryClient } from '@tanstack/react-query';
import { API, http } from '../lib/http';
import { useKeysetPages } from '../lib/pages';
import { LISTS_READ, LISTS_WRITE } from '../lists/api';

// Suppressions are part of the email audience; they follow the lists permissions.
export const SUPPRESSIONS_READ = LISTS_READ;
export const SUPPRESSIONS_WRITE = LISTS_WRITE;

export type SuppressionReason = 'unsubscribed' | 'hard_bounce' | 'complaint' | 'manual' | 'imported' | 'erased';
export interface Suppression {
  id: number;
  /** null when only a keyed hash is kept (an erased contact). */
  email: string | null;
  reason: SuppressionReason;
  createdAt: string;
  note: string | null;
}
export interface SuppressionImportResult {
  added: number;
  skipped: number;
  errors: { row: number; field: string; message: string }[];
}

export const suppressionsCsvUrl = `${API}/suppressions/export`;

export function useSuppressions(q: string, limit = 50) {
  return useKeysetPages<Suppression>(['suppressions', q, limit], '/suppressions', { q, limit });
}

function useInvalidating<I, O>(fn: (input: I) => Promise<O>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, meta: { silent: true }, onSuccess: () => qc.invalidateQueries({ queryKey: ['suppressions'] }) });
}

export const useAddSuppression = () =>
  useInvalidating((input: { email: string; note?: string }) => http<Suppression>('/suppressions', { method: 'POST', body: { ...input, reason: 'manual' } }));

export const useRemoveSuppression = () => useInvalidating((id: number) => http<void>(`/suppressions/${id}`, { method: 'DELETE' }));

export const useImportSuppressions = () =>
  useInvalidating((file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return http<SuppressionImportResult>('/suppressions/import', { method: 'POST', body: form });
  });
