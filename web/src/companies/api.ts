import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Contact, CustomValue, FieldFilter } from '../contacts/api';
import { http, type Page } from '../lib/http';

export interface Company {
  id: number;
  name: string;
  domain: string | null;
  phone: string | null;
  industry: string | null;
  ownerId: number | null;
  owner: { id: number; name: string } | null;
  tags: string[];
  custom: Record<string, CustomValue>;
  contactCount: number;
  createdAt: string;
  updatedAt: string;
}

export type CompanyInput = Partial<Pick<Company, 'name' | 'domain' | 'phone' | 'industry' | 'ownerId' | 'tags' | 'custom'>>;

export interface CompanyListParams {
  q?: string;
  sort?: 'name' | 'createdAt' | 'updatedAt';
  order?: 'asc' | 'desc';
  tag?: string;
  ownerId?: string;
  filters?: FieldFilter[];
}

/** The list's query string, shared by the list and its total. */
export const companyListQuery = (p: CompanyListParams) => ({ ...p, filters: p.filters?.length ? JSON.stringify(p.filters) : undefined });

export function useCompanies(p: CompanyListParams, limit = 50, enabled = true) {
  return useInfiniteQuery({
    queryKey: ['companies', 'list', p, limit],
    queryFn: ({ pageParam }) => http<Page<Company>>('/companies', { query: { ...companyListQuery(p), limit, cursor: pageParam } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useCompany(id: number) {
  return useQuery({ queryKey: ['companies', 'one', id], queryFn: () => http<Company>(`/companies/${id}`) });
}

export function useCompanyContacts(id: number) {
  return useInfiniteQuery({
    queryKey: ['companies', 'contacts', id],
    queryFn: ({ pageParam }) => http<Page<Contact>>(`/companies/${id}/contacts`, { query: { limit: 25, cursor: pageParam } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useCreateCompany() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CompanyInput) => http<Company>('/companies', { method: 'POST', body: input }),
    meta: { silent: true },
    onSuccess: () => qc.invalidateQueries({ queryKey: ['companies'] }),
  });
}

export function useUpdateCompany(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CompanyInput) => http<Company>(`/companies/${id}`, { method: 'PATCH', body: input }),
    meta: { silent: true },
    onSuccess: (c) => {
      qc.setQueryData(['companies', 'one', id], c);
      qc.invalidateQueries({ queryKey: ['companies'] });
      qc.invalidateQueries({ queryKey: ['timeline', 'companies', id] });
    },
  });
}

export function useDeleteCompany() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => http<void>(`/companies/${id}`, { method: 'DELETE' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['companies'] }),
  });
}

export function useCompanyTags(id: number) {
  const qc = useQueryClient();
  const done = () => {
    qc.invalidateQueries({ queryKey: ['companies'] });
    qc.invalidateQueries({ queryKey: ['timeline', 'companies', id] });
  };
  const add = useMutation({
    mutationFn: (tags: string[]) => http<unknown>(`/companies/${id}/tags`, { method: 'POST', body: { tags } }),
    onSettled: done,
  });
  const remove = useMutation({
    mutationFn: (tag: string) => http<unknown>(`/companies/${id}/tags/${encodeURIComponent(tag)}`, { method: 'DELETE' }),
    onSettled: done,
  });
  return { add, remove };
}
