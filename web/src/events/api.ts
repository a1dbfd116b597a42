import { useQuery } from '@tanstack/react-query';
import { http } from '../lib/http';

export interface WebSessionPage {
  url: string | null;
  title: string | null;
  occurredAt: string;
}

export interface WebSession {
  sessionId: string;
  startedAt: string;
  lastSeenAt: string;
  pageCount: number;
  eventCount: number;
  landingUrl: string | null;
  referrer: string | null;
  utm: Record<string, string>;
  pages: WebSessionPage[];
}

export interface ContactWebActivity {
  firstSeenAt: string | null;
  lastSeenAt: string | null;
  sessions: WebSession[];
}

export function useContactWebActivity(contactId: number) {
  return useQuery({ queryKey: ['contacts', contactId, 'web-activity'], queryFn: () => http<ContactWebActivity>(`/contacts/${contactId}/web-activity`) });
}
