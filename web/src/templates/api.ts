import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Permission } from '../auth/api';
import { fetchAllPages, http } from '../lib/http';

export const CAMPAIGNS_READ = 'campaigns:read' as Permission;
export const CAMPAIGNS_WRITE = 'campaigns:write' as Permission;

// Shapes of src/modules/templates (blocks.ts, templates.service.ts).
export type Align = 'left' | 'center' | 'right';
export type SocialNetwork = 'facebook' | 'x' | 'linkedin' | 'instagram' | 'youtube' | 'github';
export type LeafBlock =
  | { type: 'text'; html: string; align?: Align }
  | { type: 'image'; src: string; alt?: string; href?: string; width?: number }
  | { type: 'button'; label: string; href: string; color?: string; align?: Align }
  | { type: 'divider'; color?: string }
  | { type: 'social'; links: { network: SocialNetwork; href: string }[] };
export type Block = LeafBlock | { type: 'footer'; html?: string } | { type: 'columns'; columns: LeafBlock[][] };
export interface BlockDocument {
  version?: 1;
  backgroundColor?: string;
  contentColor?: string;
  fontFamily?: string;
  blocks: Block[];
}

export interface Starter {
  key: string;
  name: string;
  description: string;
  subject: string;
  preheader: string;
  mjml: string;
  blocks: BlockDocument;
}
export interface TemplateSummary {
  id: number;
  name: string;
  kind: 'marketing' | 'transactional';
  subject: string;
  starter: string | null;
  updatedAt: string;
}
export interface Template extends TemplateSummary {
  preheader: string;
  mjml: string;
  blocks: BlockDocument | null;
  warnings: string[];
}
export interface Preview {
  subject: string;
  html: string;
  text: string;
  sizeBytes: number;
  /** The rendered HTML as a document of its own, for the preview frame. */
  url: string;
}
export interface TemplateContent {
  subject: string;
  preheader: string;
  mjml?: string;
  blocks?: BlockDocument | null;
}

export function useStarters() {
  return useQuery({ queryKey: ['templates', 'starters'], queryFn: () => http<{ data: Starter[] }>('/templates/starters'), staleTime: Infinity });
}

export function useTemplates() {
  return useQuery({ queryKey: ['templates', 'all'], queryFn: () => fetchAllPages<TemplateSummary>('/templates') });
}

export function useTemplate(id: number) {
  return useQuery({ queryKey: ['templates', 'one', id], queryFn: () => http<Template>(`/templates/${id}`) });
}

export function useCreateTemplate() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; starter?: string; mjml?: string }) => http<Template>('/templates', { method: 'POST', body: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['templates'] }),
  });
}

export function useSaveTemplate(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: Partial<TemplateContent> & { name?: string }) => http<Template>(`/templates/${id}`, { method: 'PATCH', body: input }),
    meta: { silent: true },
    onSuccess: (t) => qc.setQueryData(['templates', 'one', id], t),
  });
}

export function useDeleteTemplate() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => http<void>(`/templates/${id}`, { method: 'DELETE' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['templates'] }),
  });
}

/** The live preview: the server compiles and personalises exactly as a send would. */
export function usePreview(content: TemplateContent | null) {
  return useQuery({
    queryKey: ['templates', 'preview', content],
    queryFn: () => http<Preview>('/templates/preview', { method: 'POST', body: content }),
    enabled: content !== null,
    placeholderData: (previous) => previous,
    retry: false,
    meta: { silent: true },
  });
}

export function useTestSend(id: number) {
  return useMutation({
    mutationFn: (input: { to: string[]; fromName: string; fromEmail: string }) =>
      http<{ sent: number; dkim: boolean }>(`/templates/${id}/test`, { method: 'POST', body: input }),
    meta: { silent: true },
  });
}
