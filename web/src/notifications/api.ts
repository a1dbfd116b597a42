// In-app notifications of the current user, and whether reminders are also emailed.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { http } from '../lib/http';

export interface Notification {
  id: number;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  read: boolean;
  readAt: string | null;
  createdAt: string;
}

export interface NotificationPage {
  data: Notification[];
  nextCursor: string | null;
  unreadCount: number;
}

export function useNotifications(enabled = true) {
  return useQuery({
    queryKey: ['notifications', 'list'],
    queryFn: () => http<NotificationPage>('/notifications', { query: { limit: 20 } }),
    refetchInterval: 60_000,
    refetchOnWindowFocus: true,
    enabled,
  });
}

export function useMarkRead() {
  const qc = useQueryClient();
  const onSettled = () => qc.invalidateQueries({ queryKey: ['notifications', 'list'] });
  const one = useMutation({ mutationFn: (id: number) => http<Notification>(`/notifications/${id}/read`, { method: 'POST' }), onSettled });
  const all = useMutation({ mutationFn: () => http<unknown>('/notifications/read-all', { method: 'POST' }), onSettled });
  return { one, all };
}

export interface NotificationPreferences {
  emailReminders: boolean;
  emailAvailable?: boolean;
}

export function usePreferences(enabled = true) {
  return useQuery({ queryKey: ['notifications', 'preferences'], queryFn: () => http<NotificationPreferences>('/notifications/preferences'), enabled });
}

export function useUpdatePreferences() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { emailReminders: boolean }) => http<NotificationPreferences>('/notifications/preferences', { method: 'PATCH', body }),
    onSuccess: (p) => qc.setQueryData(['notifications', 'preferences'], p),
  });
}
