import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { API, http, type Page } from '../lib/http';

export type ImportStatus = 'uploaded' | 'queued' | 'running' | 'completed' | 'failed';
export type ImportMode = 'create' | 'update' | 'upsert';

export interface ImportRowError {
  row: number;
  field: string | null;
  message: string;
}

export interface ImportJob {
  id: number;
  filename: string;
  status: ImportStatus;
  mode: ImportMode;
  dryRun: boolean;
  headers: string[];
  sample: string[][];
  mapping: Record<string, string>;
  /** Server's guess from the headers (not in the original contract; used when present). */
  suggestedMapping?: Record<string, string>;
  errorMessage?: string | null;
  totalRows: number | null;
  /** Server estimate 0..1 while the total is still unknown. */
  progress?: number | null;
  processed: number;
  created: number;
  updated: number;
  failed: number;
  errors: ImportRowError[];
  createdAt: string;
  finishedAt: string | null;
}

export const isActive = (s: ImportStatus | undefined) => s === 'queued' || s === 'running';
export const errorsCsvUrl = (id: number) => `${API}/imports/${id}/errors.csv`;

export function useImports() {
  return useQuery({
    queryKey: ['imports', 'list'],
    queryFn: () => http<Page<ImportJob>>('/imports', { query: { limit: 50 } }),
    refetchInterval: (q) => (q.state.data?.data.some((i) => isActive(i.status)) ? 2000 : false),
  });
}

/** Polls every second while the import is queued or running. */
export function useImport(id: number, enabled = true) {
  return useQuery({
    enabled,
    queryKey: ['imports', 'one', id],
    queryFn: () => http<ImportJob>(`/imports/${id}`),
    refetchInterval: (q) => (isActive(q.state.data?.status) ? 1000 : false),
  });
}

export function useUploadImport() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return http<ImportJob>('/imports', { method: 'POST', body: form });
    },
    onSuccess: (job) => qc.setQueryData(['imports', 'one', job.id], job),
  });
}

export function useStartImport(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { mapping: Record<string, string>; mode: ImportMode; dryRun: boolean; subscribe?: { listId: number; lawfulBasis: string; proof: string; textShown?: string } }) =>
      http<ImportJob>(`/imports/${id}/start`, { method: 'POST', body: input }),
    meta: { silent: true }, // MappingStep shows the error, beside the field when it names one
    onSuccess: (job) => {
      if (job && typeof job === 'object' && 'id' in job) qc.setQueryData(['imports', 'one', id], job);
      qc.invalidateQueries({ queryKey: ['imports'] });
    },
  });
}
