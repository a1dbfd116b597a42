// Live chat for agents: the open chats, a chat's conversation, presence, and the agent socket.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { http } from '../lib/http';

export interface LiveChat {
  ticketId: number;
  subject: string;
  status: string;
  createdAt: string;
  updatedAt: string;
  visitor: { name: string | null; email: string | null; online: boolean; sessionId: number | null };
  lastText: string | null;
}
export interface LiveChats { me: { status: 'online' | 'away' }; data: LiveChat[] }
export interface ChatMessage { id: number; kind: 'inbound' | 'reply' | 'note'; author: { id: number; name: string } | null; text: string; createdAt: string }
export interface ChatTicket { id: number; subject: string; status: string; contact: { id: number; name: string; email: string | null } | null; messages: ChatMessage[] }

export const chatKeys = { list: ['chats', 'live'] as const, ticket: (id: number) => ['chats', 'ticket', id] as const };

export function useLiveChats() {
  return useQuery({ queryKey: chatKeys.list, queryFn: () => http<LiveChats>('/chats'), refetchInterval: 60_000 });
}

export function useChatTicket(id: number | null) {
  return useQuery({ queryKey: chatKeys.ticket(id ?? 0), queryFn: () => http<ChatTicket>(`/tickets/${id}`), enabled: id !== null });
}

export function useSetPresence() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (status: 'online' | 'away') => http<unknown>('/agents/me', { method: 'PUT', body: { status } }),
    onSettled: () => qc.invalidateQueries({ queryKey: chatKeys.list }),
  });
}

type Frame = { t: string; ticketId?: number; [k: string]: unknown };

/**
 * The agent socket: new messages, typing and presence refresh the queries above; replies go out
 * with a client id, so a resend after a reconnect is stored once. Reconnects with backoff.
 */
export function useAgentSocket() {
  const qc = useQueryClient();
  const socket = useRef<WebSocket | null>(null);
  const [connected, setConnected] = useState(false);
  const [typing, setTyping] = useState<Record<number, number>>({});

  useEffect(() => {
    let stopped = false;
    let attempts = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const connect = () => {
      const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws/agent`);
      socket.current = ws;
      ws.onopen = () => {
        attempts = 0;
        setConnected(true);
        void qc.invalidateQueries({ queryKey: ['chats'] });
      };
      ws.onmessage = (e) => {
        const f = JSON.parse(String(e.data)) as Frame;
        if (f.t === 'typing' && f.ticketId) setTyping((m) => ({ ...m, [f.ticketId!]: Date.now() }));
        if (f.t === 'msg' && f.ticketId) setTyping((m) => ({ ...m, [f.ticketId!]: 0 }));
        if (['msg', 'ack', 'ended', 'presence', 'identified'].includes(f.t)) {
          void qc.invalidateQueries({ queryKey: chatKeys.list });
          if (f.ticketId) void qc.invalidateQueries({ queryKey: chatKeys.ticket(f.ticketId) });
        }
      };
      ws.onclose = () => {
        setConnected(false);
        if (stopped) return;
        timer = setTimeout(connect, Math.min(30_000, 500 * 2 ** attempts++));
      };
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(timer);
      socket.current?.close();
    };
  }, [qc]);

  const send = useCallback((frame: Frame) => {
    if (socket.current?.readyState !== WebSocket.OPEN) return false;
    socket.current.send(JSON.stringify(frame));
    return true;
  }, []);
  return { connected, typing, send };
}
