// The chat widget's settings (issue 11 §7): one widget per inbox, its key goes into the embed tag.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { http } from '../lib/http';

export type WidgetPosition = 'right' | 'left';
export interface ChatWidget {
  id: number; inboxId: number; key: string; allowedOrigins: string[]; greeting: string;
  colors: { primary?: string; text?: string }; position: WidgetPosition; createdAt: string;
}
export type WidgetSettings = Pick<ChatWidget, 'inboxId' | 'allowedOrigins' | 'greeting' | 'colors' | 'position'>;
export interface Inbox { id: number; name: string; address: string }

const KEY = ['chat-widgets'];

export const useChatWidgets = () => useQuery({ queryKey: KEY, queryFn: () => http<{ data: ChatWidget[] }>('/chat-widgets'), select: (r) => r.data });
export const useInboxes = () => useQuery({ queryKey: ['inboxes'], queryFn: () => http<{ data: Inbox[] }>('/inboxes'), select: (r) => r.data });

export function useCreateChatWidget() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: Partial<WidgetSettings> & { inboxId: number }) => http<ChatWidget>('/chat-widgets', { method: 'POST', body: input }),
    meta: { silent: true },
    onSuccess: () => qc.invalidateQueries({ queryKey: KEY }),
  });
}

export function useUpdateChatWidget() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...input }: WidgetSettings & { id: number }) => http<ChatWidget>(`/chat-widgets/${id}`, { method: 'PATCH', body: input }),
    meta: { silent: true },
    onSuccess: () => qc.invalidateQueries({ queryKey: KEY }),
  });
}

/** The tag a site pastes before </body>; the script finds its server from its own src. */
export const embedSnippet = (origin: string, key: string) => `<script src="${origin}/widget.js" data-widget-key="${key}" async></script>`;

export const DEFAULT_PRIMARY = '#1864ab';
export const DEFAULT_TEXT = '#ffffff';
