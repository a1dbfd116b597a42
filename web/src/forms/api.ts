import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { http } from '../lib/http';
import { useKeysetPages } from '../lib/pages';
import { LISTS_READ, LISTS_WRITE } from '../lists/api';

// Sign-up forms feed lists; they follow the lists permissions.
export const FORMS_READ = LISTS_READ;
export const FORMS_WRITE = LISTS_WRITE;

export type FieldKey = 'email' | 'first_name' | 'last_name' | 'phone' | `custom.${string}`;
export interface FormField {
  key: FieldKey;
  label: string;
  required: boolean;
}
/** Shape of src/modules/forms (AUDIENCE_API.md). */
export interface SignupForm {
  id: number;
  name: string;
  listIds: number[];
  fields: FormField[];
  consentText: string;
  successMessage: string | null;
  redirectUrl: string | null;
  enabled: boolean;
  createdAt: string;
  submissions: number;
}
export type FormInput = Omit<SignupForm, 'id' | 'createdAt' | 'submissions'>;
export interface FormEmbed {
  hostedUrl: string;
  html: string;
  script: string;
}

export function useFormsPaged(limit = 50) {
  return useKeysetPages<SignupForm>(['forms', 'paged', limit], '/forms', { limit });
}

export function useForm(id: number | undefined) {
  return useQuery({ queryKey: ['forms', 'one', id], queryFn: () => http<SignupForm>(`/forms/${id}`), enabled: id !== undefined });
}

export function useFormEmbed(id: number | undefined) {
  return useQuery({ queryKey: ['forms', 'embed', id], queryFn: () => http<FormEmbed>(`/forms/${id}/embed`), enabled: id !== undefined, staleTime: 60_000 });
}

export function useSaveForm(id: number | undefined) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: Partial<FormInput>) =>
      id === undefined ? http<SignupForm>('/forms', { method: 'POST', body: input }) : http<SignupForm>(`/forms/${id}`, { method: 'PATCH', body: input }),
    meta: { silent: true },
    onSuccess: (f) => {
      qc.setQueryData(['forms', 'one', f.id], f);
      return qc.invalidateQueries({ queryKey: ['forms', 'paged'] });
    },
  });
}

export function useDeleteForm() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => http<void>(`/forms/${id}`, { method: 'DELETE' }),
    onSuccess: (_r, id) => {
      qc.removeQueries({ queryKey: ['forms', 'one', id] });
      return qc.invalidateQueries({ queryKey: ['forms', 'paged'] });
    },
  });
}
