import { forgetOfflineData } from '../offline/network';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { http } from '../lib/http';

export type Role = 'owner' | 'admin' | 'sales' | 'support' | 'marketing' | 'agency';
export const ROLES: Role[] = ['owner', 'admin', 'sales', 'support', 'marketing', 'agency'];

export type Permission =
  | 'contacts:read' | 'contacts:write' | 'contacts:delete'
  | 'companies:read' | 'companies:write' | 'companies:delete'
  | 'notes:read' | 'notes:write' | 'custom_fields:manage' | 'imports:run' | 'exports:run'
  | 'pipelines:manage' | 'deals:read' | 'deals:write' | 'deals:delete' | 'activities:read' | 'activities:write' | 'reports:sales' | 'workspace:manage'
  | 'users:read' | 'users:manage' | 'api_keys:manage' | 'audit:read' | 'deals:read_all' | 'segments:read' | 'segments:write' | 'segments:delete'
  | 'lists:read' | 'lists:write' | 'lists:delete'
  | 'orders:read' | 'orders:write' | 'orders:manage';

export interface SessionUser {
  id: number;
  email: string;
  name: string;
  role: Role;
}

export interface Me {
  user: SessionUser;
  workspace: { id: number; name: string; defaultCurrency: string };
  permissions: string[];
}

export const meQuery = queryOptions({
  queryKey: ['auth', 'me'],
  queryFn: () => http<Me>('/auth/me'),
  staleTime: 60_000,
  retry: false,
});

export const setupQuery = queryOptions({
  queryKey: ['setup'],
  queryFn: () => http<{ needed: boolean }>('/setup'),
  retry: false,
});

export function useMe() {
  return useQuery(meQuery);
}

/** `can('contacts:write')` — false while the session is loading. */
export function usePermissions() {
  const { data } = useMe();
  const perms = new Set(data?.permissions ?? []);
  return { can: (p: Permission) => perms.has(p), me: data };
}

export function useSetup() {
  return useQuery(setupQuery);
}

export function useRunSetup() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { workspaceName: string; name: string; email: string; password: string }) =>
      http<{ user: SessionUser }>('/setup', { method: 'POST', body: input }),
    meta: { silent: true },
    onSuccess: async () => {
      qc.setQueryData(setupQuery.queryKey, { needed: false });
      await qc.invalidateQueries({ queryKey: meQuery.queryKey });
    },
  });
}

export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { email: string; password: string }) =>
      http<{ user: SessionUser }>('/auth/login', { method: 'POST', body: input }),
    meta: { silent: true },
    onSuccess: () => qc.invalidateQueries({ queryKey: meQuery.queryKey }),
  });
}

export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => http<void>('/auth/logout', { method: 'POST' }),
    onSettled: async () => {
      qc.clear();
      await forgetOfflineData();
    },
  });
}

export interface InviteInfo {
  email: string;
  role: Role;
  workspaceName: string;
  /** The email already has an account (in another workspace): joining takes its password. */
  existingAccount: boolean;
}

export function useInvite(token: string) {
  return useQuery({
    queryKey: ['invites', token],
    queryFn: () => http<InviteInfo>(`/invites/${encodeURIComponent(token)}`),
    retry: false,
  });
}

export function useAcceptInvite() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { token: string; name?: string; password: string }) =>
      http<{ user: SessionUser }>('/invites/accept', { method: 'POST', body: input }),
    meta: { silent: true },
    onSuccess: () => qc.invalidateQueries({ queryKey: meQuery.queryKey }),
  });
}
