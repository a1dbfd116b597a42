import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { API, http, type Page } from '../lib/http';

export type ImportStatus = 'uploaded' | 'queued' | 'running' | 'completed' | 'failed';
export type ImportMode = 'create' | 'update' | 'upsert';
export type ImportKind = 'contacts' | 'companies' | 'deals' | 'orders';
export type RepeatChoice = 'first' | 'last' | 'skip';
export type DateFormat = 'DMY' | 'MDY' | 'YMD';

export interface ImportRowError {
  row: number;
  field: string | null;
  message: string;
  /** A warning leaves its row saved, or says why a repeated row was skipped. */
  level?: 'error' | 'warning';
}

export interface DateDetection {
  format: DateFormat | null;
  ambiguous: boolean;
  examples: string[];
}

/** What POST /imports/:id/check found in the whole file. */
export interface ImportCheck {
  rows: number;
  repeats: { field: string | null; count: number; rows: number; shown: { value: string; rows: number[] }[] };
  dates: DateDetection;
  wideRows: { count: number; rows: number[] };
  broken: string | null;
}

export interface StartImportInput {
  mapping: Record<string, string>;
  mode: ImportMode;
  dryRun: boolean;
  onRepeat?: RepeatChoice;
  dateFormat?: DateFormat;
  subscribe?: { listId: number; lawfulBasis: string; proof: string; textShown?: string };
}

export interface ImportJob {
  id: number;
  filename: string;
  kind: ImportKind;
  status: ImportStatus;
  mode: ImportMode;
  dryRun: boolean;
  headers: string[];
  sample: string[][];
  mapping: Record<string, string>;
  /** Server's guess from the headers (not in the original contract; used when present). */
  suggestedMapping?: Record<string, string>;
  /** Per column of the sample holding dates: the order detected, or that the file leaves it open. */
  sampleDateFormats?: Record<string, DateDetection>;
  onRepeat?: RepeatChoice | null;
  dateFormat?: DateFormat | null;
  errorMessage?: string | null;
  totalRows: number | null;
  /** Server estimate 0..1 while the total is still unknown. */
  progress?: number | null;
  processed: number;
  created: number;
  updated: number;
  failed: number;
  skipped?: number;
  warned?: number;
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
    mutationFn: ({ file, kind }: { file: File; kind: ImportKind }) => {
      const form = new FormData();
      form.append('kind', kind);
      form.append('file', file, file.name);
      return http<ImportJob>('/imports', { method: 'POST', body: form });
    },
    onSuccess: (job) => qc.setQueryData(['imports', 'one', job.id], job),
  });
}

export function useStartImport(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: StartImportInput) => http<ImportJob>(`/imports/${id}/start`, { method: 'POST', body: input }),
    meta: { silent: true }, // MappingStep shows the error, beside the field when it names one
    onSuccess: (job) => {
      if (job && typeof job === 'object' && 'id' in job) qc.setQueryData(['imports', 'one', id], job);
      qc.invalidateQueries({ queryKey: ['imports'] });
    },
  });
}

/** Reads the whole uploaded file with a mapping: repeats, an open date format, wide rows. */
export function useCheckImport(id: number) {
  return useMutation({
    mutationFn: (input: { mapping: Record<string, string>; mode: ImportMode }) => http<ImportCheck>(`/imports/${id}/check`, { method: 'POST', body: input }),
    meta: { silent: true }, // MappingStep shows the error
  });
}
