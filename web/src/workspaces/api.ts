// The workspace's name and settings (owner only).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { http } from '../lib/http';

export interface WorkspaceSettings {
  salesSeeAllDeals?: boolean;
  defaultCurrency?: string;
}

export interface Workspace {
  id: number;
  name: string;
  settings: WorkspaceSettings;
  createdAt: string;
}

export function useWorkspace(enabled = true) {
  return useQuery({ queryKey: ['workspace'], queryFn: () => http<Workspace>('/workspace'), enabled });
}

export function useUpdateWorkspace() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { name?: string; settings?: WorkspaceSettings }) => http<Workspace>('/workspace', { method: 'PATCH', body }),
    onSuccess: (w) => {
      qc.setQueryData(['workspace'], w);
      qc.invalidateQueries({ queryKey: ['auth', 'me'] });
      qc.invalidateQueries({ queryKey: ['deals'] });
    },
  });
}

export interface Membership {
  id: number;
  name: string;
  role: string;
  current: boolean;
}

/** The workspaces the user can switch to, with the role held in each. */
export function useMyWorkspaces(enabled = true) {
  return useQuery({
    queryKey: ['workspaces', 'mine'],
    queryFn: () => http<{ data: Membership[] }>('/workspaces'),
    select: (r) => r.data,
    staleTime: 60_000,
    enabled,
  });
}

/** Everything cached belongs to the workspace left behind: the whole cache goes. */
export function useSwitchWorkspace() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (workspaceId: number) => http<unknown>('/workspaces/switch', { method: 'POST', body: { workspaceId } }),
    onSuccess: () => qc.resetQueries(),
  });
}

export function useCreateWorkspace() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string }) => http<Membership>('/workspaces', { method: 'POST', body }),
    meta: { silent: true },
    onSuccess: () => qc.invalidateQueries({ queryKey: ['workspaces', 'mine'] }),
  });
}
