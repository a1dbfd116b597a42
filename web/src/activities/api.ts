// Calls, meetings and tasks; follow-ups; "my day".
import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { API, http, type Page } from '../lib/http';
import { sendOrQueue } from '../offline/outbox';

export type ActivityType = 'call' | 'meeting' | 'task';
export type CallOutcome = 'connected' | 'no_answer' | 'busy' | 'left_voicemail' | 'wrong_number';
type Ref = { id: number; name: string };

export interface Activity {
  id: number;
  type: ActivityType;
  subject: string;
  notes: string | null;
  dealId: number | null;
  deal: { id: number; title: string } | null;
  /** On a deal the user may not see (the activity is assigned to them): no id, no title. */
  dealHidden: boolean;
  contactId: number | null;
  contact: { id: number; fullName: string } | null;
  companyId: number | null;
  company: Ref | null;
  assigneeId: number | null;
  assignee: Ref | null;
  occurredAt: string;
  dueAt: string | null;
  done: boolean;
  doneAt: string | null;
  call: { direction: 'inbound' | 'outbound'; outcome: CallOutcome | null; durationSeconds: number | null } | null;
  meeting: { startAt: string; endAt: string; location: string | null; attendees: { name?: string; email: string }[] } | null;
  followUpOf: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface ActivityInput {
  type?: ActivityType;
  subject?: string;
  notes?: string | null;
  dealId?: number | null;
  contactId?: number | null;
  companyId?: number | null;
  assigneeId?: number | null;
  done?: boolean;
  occurredAt?: string;
  direction?: 'inbound' | 'outbound';
  outcome?: CallOutcome | null;
  durationSeconds?: number | null;
  startAt?: string;
  endAt?: string;
  location?: string | null;
  attendees?: { name?: string; email: string }[];
  dueAt?: string | null;
}

export interface ActivityLinks {
  dealId?: number;
  contactId?: number;
  companyId?: number;
}

export const OUTCOMES: { value: CallOutcome; label: string }[] = [
  { value: 'connected', label: 'Connected' },
  { value: 'no_answer', label: 'No answer' },
  { value: 'busy', label: 'Busy' },
  { value: 'left_voicemail', label: 'Left voicemail' },
  { value: 'wrong_number', label: 'Wrong number' },
];

export const icsUrl = (id: number) => `${API}/activities/${id}/invite.ics`;
/** The element id (and URL hash) of an activity on its record's page. */
export const activityAnchor = (id: number) => `activity-${id}`;

export function useActivities(links: ActivityLinks, enabled = true) {
  return useInfiniteQuery({
    queryKey: ['activities', 'list', links],
    queryFn: ({ pageParam }) => http<Page<Activity>>('/activities', { query: { ...links, limit: 20, cursor: pageParam } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
}

export function useActivity(id: number) {
  return useQuery({ queryKey: ['activities', 'one', id], queryFn: () => http<Activity>(`/activities/${id}`), retry: false });
}

/** Activities show on the timelines of their deal, contact and company, and in my day and the workload report. */
function invalidateActivities(qc: QueryClient) {
  qc.invalidateQueries({ queryKey: ['activities'] });
  qc.invalidateQueries({ queryKey: ['my-day'] });
  qc.invalidateQueries({ queryKey: ['timeline'] });
  qc.invalidateQueries({ queryKey: ['reports'] });
}

export function useCreateActivity() {
  const qc = useQueryClient();
  return useMutation({
    // A call logged with no network waits in the outbox (offline/outbox.ts); other kinds need the
    // server's answer (a follow-up names the activity it follows), so they fail as usual.
    mutationFn: (input: ActivityInput) => input.type === 'call'
      ? sendOrQueue<Activity>('/activities', input, { label: `Call: ${input.subject ?? ''}`, record: input.contactId ? `contacts/${input.contactId}` : input.dealId ? `deals/${input.dealId}` : 'activities' })
      : http<Activity>('/activities', { method: 'POST', body: input }),
    networkMode: 'always',
    meta: { silent: true },
    onSuccess: () => invalidateActivities(qc),
  });
}

export function useUpdateActivity() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...input }: ActivityInput & { id: number }) => http<Activity>(`/activities/${id}`, { method: 'PATCH', body: input }),
    onSettled: () => invalidateActivities(qc),
  });
}

export function useDeleteActivity() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => http<void>(`/activities/${id}`, { method: 'DELETE' }),
    onSettled: () => invalidateActivities(qc),
  });
}

export interface FollowUpInput {
  dueAt: string;
  subject?: string;
  notes?: string | null;
  assigneeId?: number | null;
  markDone: boolean;
}

export function useFollowUp(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: FollowUpInput) => http<{ followUp: Activity; source: Activity }>(`/activities/${id}/follow-up`, { method: 'POST', body: input }),
    meta: { silent: true },
    onSuccess: () => invalidateActivities(qc),
  });
}

export interface MyDay {
  now: string;
  endOfToday: string;
  endOfUpcoming: string;
  overdue: Activity[];
  today: Activity[];
  upcoming: Activity[];
}

export const browserTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

export function useMyDay(days = 7) {
  const tz = browserTimeZone();
  return useQuery({
    queryKey: ['my-day', tz, days],
    queryFn: () => http<MyDay>('/tasks/my-day', { query: { tz, days } }),
    refetchInterval: 5 * 60_000,
  });
}
