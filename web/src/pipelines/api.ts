// Pipelines with their ordered stages, and the workspace's lost reasons.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { http } from '../lib/http';

export interface Stage {
  id: number;
  name: string;
  position: number;
  probability: number;
}

export interface Pipeline {
  id: number;
  name: string;
  position: number;
  stages: Stage[];
}

export interface StageInput {
  id?: number;
  name: string;
  probability: number;
}

export interface LostReason {
  id: number;
  label: string;
}

export function usePipelines(enabled = true) {
  return useQuery({
    queryKey: ['pipelines'],
    queryFn: () => http<{ data: Pipeline[] }>('/pipelines'),
    select: (r) => r.data,
    staleTime: 60_000,
    enabled,
  });
}

function useInvalidatePipelines() {
  const qc = useQueryClient();
  return () => {
    qc.invalidateQueries({ queryKey: ['pipelines'] });
    qc.invalidateQueries({ queryKey: ['deals'] });
  };
}

export function useSavePipeline() {
  const invalidate = useInvalidatePipelines();
  return useMutation({
    mutationFn: ({ id, ...body }: { id?: number; name: string; stages: StageInput[] }) =>
      id ? http<Pipeline>(`/pipelines/${id}`, { method: 'PATCH', body }) : http<Pipeline>('/pipelines', { method: 'POST', body }),
    meta: { silent: true },
    onSuccess: invalidate,
  });
}

export function useDeletePipeline() {
  const invalidate = useInvalidatePipelines();
  return useMutation({
    mutationFn: (id: number) => http<void>(`/pipelines/${id}`, { method: 'DELETE' }),
    onSuccess: invalidate,
  });
}

export function useLostReasons(enabled = true) {
  return useQuery({
    queryKey: ['lost-reasons'],
    queryFn: () => http<{ data: LostReason[] }>('/lost-reasons'),
    select: (r) => r.data,
    staleTime: 60_000,
    enabled,
  });
}

export function useLostReasonMutations() {
  const qc = useQueryClient();
  const onSuccess = () => qc.invalidateQueries({ queryKey: ['lost-reasons'] });
  const add = useMutation({
    mutationFn: (label: string) => http<LostReason>('/lost-reasons', { method: 'POST', body: { label } }),
    meta: { silent: true },
    onSuccess,
  });
  const rename = useMutation({
    mutationFn: ({ id, label }: LostReason) => http<LostReason>(`/lost-reasons/${id}`, { method: 'PATCH', body: { label } }),
    onSuccess,
  });
  const remove = useMutation({
    mutationFn: (id: number) => http<void>(`/lost-reasons/${id}`, { method: 'DELETE' }),
    onSuccess,
  });
  return { add, rename, remove };
}
