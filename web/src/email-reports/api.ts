// Campaign reports, the overview and deliverability (server: src/modules/email-reports).
import { useQuery } from '@tanstack/react-query';
import { http } from '../lib/http';
import { useKeysetPages } from '../lib/pages';

export interface Figures {
  recipients: number; sent: number; failed: number; pending: number; delivered: number;
  bounced: { total: number; hard: number; soft: number; policy: number };
  opens: { unique: number; total: number; machineUnique: number; machineTotal: number };
  clicks: { unique: number; total: number; machineTotal: number };
  unsubscribes: number; complaints: number;
  rates: { delivery: number; bounce: number; open: number; click: number; clickToOpen: number; unsubscribe: number; complaint: number };
}
export interface CampaignReport extends Figures {
  campaign: { id: number; name: string; status: string; subject: string; startedAt: string | null; finishedAt: string | null };
  links: { position: number; url: string; clicks: number; uniqueClicks: number; machineClicks: number }[];
  byHour: { hour: number; type: string; machine: boolean; count: number }[];
  byDomain: { domain: string; sent: number; bounced: number; blocked: number; opened: number; clicked: number; complaints: number }[];
}
export interface CampaignSummary extends Figures { id: number; name: string; status: string; startedAt: string | null }
export type BounceClass = 'hard' | 'soft' | 'policy' | 'complaint' | 'unknown';
export interface Deliverability {
  since: string;
  byClass: { class: BounceClass; count: number }[];
  policyBySender: { sendingDomain: string | null; accountId: number | null; accountName: string | null; reason: string; count: number; lastAt: string }[];
}
export interface Bounce {
  id: number; email: string; kind: 'bounce' | 'complaint'; class: BounceClass; statusCode: string | null; reason: string; diagnostic: string | null;
  remoteMta: string | null; source: string; sendingDomain: string | null; campaignId: number | null; campaignName: string | null; occurredAt: string;
}

export const useCampaignReport = (id: number) =>
  useQuery({ queryKey: ['email-reports', 'campaign', id], queryFn: () => http<CampaignReport>(`/email-reports/campaigns/${id}`), refetchInterval: 30_000 });
export const useCampaignReports = () => useKeysetPages<CampaignSummary>(['email-reports', 'campaigns'], '/email-reports/campaigns', { limit: 20 });
export const useDeliverability = (days: number) =>
  useQuery({ queryKey: ['email-reports', 'deliverability', days], queryFn: () => http<Deliverability>('/email-reports/deliverability', { query: { days } }) });
export const useBounces = (cls: BounceClass | null) => useKeysetPages<Bounce>(['email-reports', 'bounces', cls], '/email-reports/bounces', { class: cls ?? undefined, limit: 50 });

export const percent = (v: number) => `${(v * 100).toFixed(1)}%`;
