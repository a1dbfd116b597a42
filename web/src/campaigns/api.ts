import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Permission } from '../auth/api';
import { fetchAllPages, http } from '../lib/http';
import { useKeysetPages } from '../lib/pages';

// Not yet in the web app's Permission union (auth/api.ts); the server sends them in /auth/me.
export const CAMPAIGNS_READ = 'campaigns:read' as Permission;
export const CAMPAIGNS_WRITE = 'campaigns:write' as Permission;
export const CAMPAIGNS_SEND = 'campaigns:send' as Permission;

// Shapes of src/modules/campaigns (campaigns.schema.ts, campaigns.service.ts, campaign-checklist.ts).
export type CampaignStatus = 'draft' | 'scheduled' | 'sending' | 'paused' | 'sent' | 'cancelled' | 'failed';
export interface Campaign {
  id: number;
  name: string;
  status: CampaignStatus;
  subject: string;
  preheader: string;
  fromName: string;
  fromEmail: string | null;
  replyTo: string | null;
  templateId: number | null;
  listIds: number[];
  includeSegmentIds: number[];
  excludeSegmentIds: number[];
  scheduledAt: string | null;
  timeZone: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  recipientCount: number;
  createdAt: string;
  updatedAt: string;
}
export type CampaignInput = Pick<Campaign, 'name' | 'subject' | 'preheader' | 'fromName' | 'fromEmail' | 'replyTo' | 'templateId' | 'listIds' | 'includeSegmentIds' | 'excludeSegmentIds'>;
export interface CheckItem { key: string; status: 'pass' | 'warn' | 'block' | 'skip'; message: string }
export interface Checklist { ready: boolean; items: CheckItem[]; recipientCount: number | null; sizeBytes: number | null; spamScore: number | null }
export interface TemplateSummary { id: number; name: string }

export const STATUS_COLOR: Record<CampaignStatus, string> = {
  draft: 'gray', scheduled: 'blue', sending: 'orange', paused: 'yellow', sent: 'teal', cancelled: 'dark', failed: 'red',
};

export const useCampaignsPaged = () => useKeysetPages<Campaign>(['campaigns', 'list'], '/campaigns');

export function useCampaign(id: number | undefined) {
  return useQuery({
    queryKey: ['campaigns', 'one', id],
    queryFn: () => http<Campaign>(`/campaigns/${id}`),
    enabled: id !== undefined,
    // A sending campaign moves on by itself: poll its state while it does.
    refetchInterval: (q) => (q.state.data?.status === 'sending' ? 3000 : false),
  });
}

export function useChecklist(id: number | undefined, version: string) {
  return useQuery({ queryKey: ['campaigns', 'checklist', id, version], queryFn: () => http<Checklist>(`/campaigns/${id}/checklist`), enabled: id !== undefined });
}

export function useAudienceCount(a: Pick<Campaign, 'listIds' | 'includeSegmentIds' | 'excludeSegmentIds'>) {
  return useQuery({
    queryKey: ['campaigns', 'audience', a.listIds, a.includeSegmentIds, a.excludeSegmentIds],
    queryFn: () => http<{ count: number }>('/campaigns/audience-count', { method: 'POST', body: a }),
    enabled: a.listIds.length > 0,
    staleTime: 10_000,
  });
}

export function useTemplates() {
  return useQuery({ queryKey: ['templates', 'all'], queryFn: () => fetchAllPages<TemplateSummary>('/templates'), staleTime: 30_000, retry: false });
}

export function useSaveCampaign(id: number | undefined) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: Partial<CampaignInput>) =>
      id === undefined ? http<Campaign>('/campaigns', { method: 'POST', body: input }) : http<Campaign>(`/campaigns/${id}`, { method: 'PATCH', body: input }),
    meta: { silent: true },
    onSuccess: () => qc.invalidateQueries({ queryKey: ['campaigns'] }),
  });
}

export type CampaignAction = 'send' | 'unschedule' | 'pause' | 'resume' | 'cancel' | 'duplicate';
export function useCampaignAction(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (a: { action: CampaignAction | 'schedule'; body?: object }) => http<Campaign>(`/campaigns/${id}/${a.action}`, { method: 'POST', body: a.body ?? {} }),
    meta: { silent: true },
    onSuccess: () => qc.invalidateQueries({ queryKey: ['campaigns'] }),
  });
}

export function useDeleteCampaign() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (id: number) => http<void>(`/campaigns/${id}`, { method: 'DELETE' }), onSuccess: () => qc.invalidateQueries({ queryKey: ['campaigns'] }) });
}

/** Mantine dims field descriptions below 4.5:1 on white; these keep them readable. */
export const READABLE_HELP = { description: { color: 'var(--mantine-color-gray-7)' } };
