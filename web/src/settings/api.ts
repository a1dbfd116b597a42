import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Role } from '../auth/api';
import { http, type Page } from '../lib/http';

export type Entity = 'contact' | 'company' | 'deal';
export type CustomFieldType = 'text' | 'number' | 'date' | 'boolean' | 'select' | 'multiselect';
export const FIELD_TYPES: { value: CustomFieldType; label: string }[] = [
  { value: 'text', label: 'Text' },
  { value: 'number', label: 'Number' },
  { value: 'date', label: 'Date' },
  { value: 'boolean', label: 'Yes / no' },
  { value: 'select', label: 'Select' },
  { value: 'multiselect', label: 'Multi-select' },
];

export interface CustomField {
  id: number;
  entity: Entity;
  key: string;
  label: string;
  type: CustomFieldType;
  options: string[];
  required: boolean;
}

export function useCustomFields(entity: Entity, enabled = true) {
  return useQuery({
    enabled,
    queryKey: ['custom-fields', entity],
    queryFn: () => http<{ data: CustomField[] }>('/custom-fields', { query: { entity } }),
    select: (r) => r.data,
    staleTime: 60_000,
  });
}

export function useSaveCustomField() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (f: Partial<CustomField> & { id?: number }) =>
      f.id
        ? http<CustomField>(`/custom-fields/${f.id}`, { method: 'PATCH', body: { label: f.label, options: f.options, required: f.required } })
        : http<CustomField>('/custom-fields', { method: 'POST', body: f }),
    meta: { silent: true },
    onSuccess: () => qc.invalidateQueries({ queryKey: ['custom-fields'] }),
  });
}

export function useDeleteCustomField() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => http<void>(`/custom-fields/${id}`, { method: 'DELETE' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['custom-fields'] }),
  });
}

export interface User {
  id: number;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
}

/** All users (workspaces are small; one page of 200 covers pickers and the users page). */
export function useUsers(enabled = true) {
  return useQuery({
    queryKey: ['users'],
    queryFn: () => http<Page<User>>('/users', { query: { limit: 200 } }),
    select: (r) => r.data,
    staleTime: 60_000,
    enabled,
  });
}

export function useInviteUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { email: string; role: Role }) =>
      http<{ invite: { id: number; email: string; role: Role; expiresAt: string }; link: string }>('/users/invites', { method: 'POST', body: input }),
    meta: { silent: true },
    onSuccess: () => qc.invalidateQueries({ queryKey: ['user-invites'] }),
  });
}

export function useUpdateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...patch }: { id: number; name?: string; role?: Role; disabled?: boolean }) =>
      http<User>(`/users/${id}`, { method: 'PATCH', body: patch }),
    onSettled: () => qc.invalidateQueries({ queryKey: ['users'] }),
  });
}

export interface ApiKey {
  id: number;
  name: string;
  role: Role;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export function useApiKeys() {
  return useQuery({
    queryKey: ['api-keys'],
    queryFn: () => http<{ data: ApiKey[] }>('/api-keys'),
    select: (r) => r.data,
  });
}

export function useCreateApiKey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; role: Role }) =>
      http<{ apiKey: ApiKey; token: string }>('/api-keys', { method: 'POST', body: input }),
    meta: { silent: true },
    onSuccess: () => qc.invalidateQueries({ queryKey: ['api-keys'] }),
  });
}

export function useRevokeApiKey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => http<void>(`/api-keys/${id}`, { method: 'DELETE' }),
    onSettled: () => qc.invalidateQueries({ queryKey: ['api-keys'] }),
  });
}

export interface PendingInvite {
  id: number;
  email: string;
  role: Role;
  invitedBy: string | null;
  createdAt: string;
  expiresAt: string;
  expired: boolean;
}
export type InviteResult = { invite: { id: number; email: string; role: Role; expiresAt: string }; link: string };

export function useInvites(enabled = true) {
  return useQuery({
    queryKey: ['user-invites'],
    queryFn: () => http<Page<PendingInvite>>('/users/invites', { query: { limit: 100 } }),
    select: (r) => r.data,
    enabled,
  });
}

export function useResendInvite() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => http<InviteResult>(`/users/invites/${id}/resend`, { method: 'POST' }),
    onSettled: () => qc.invalidateQueries({ queryKey: ['user-invites'] }),
  });
}

export function useRevokeInvite() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => http<void>(`/users/invites/${id}`, { method: 'DELETE' }),
    onSettled: () => qc.invalidateQueries({ queryKey: ['user-invites'] }),
  });
}

/** Each role's one-line description, from the server (the same text as docs/permissions.md). */
export function useRoleDescriptions() {
  return useQuery({
    queryKey: ['roles'],
    queryFn: () => http<{ data: { role: Role; description: string }[] }>('/roles'),
    select: (r) => Object.fromEntries(r.data.map((d) => [d.role, d.description])) as Record<Role, string>,
    staleTime: Infinity,
  });
}
