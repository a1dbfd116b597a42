// The workspace's name and settings (owner only).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { http } from '../lib/http';

export interface WorkspaceSettings {
  salesSeeAllDeals?: boolean;
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
