import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Permission } from '../auth/api';
import { http } from '../lib/http';

export const SENDING_MANAGE = 'sending:manage' as Permission;

// Shapes of src/modules/sending (sending.service.ts).
export interface SendingAccount {
  id: number;
  name: string;
  host: string;
  port: number;
  security: 'none' | 'starttls' | 'tls';
  username: string | null;
  hasPassword: boolean;
  maxPerSecond: number;
  maxConnections: number;
  fromDomain: string | null;
  weight: number;
  enabled: boolean;
}
export type AccountInput = Omit<SendingAccount, 'id' | 'hasPassword'> & { password?: string | null };
export interface DnsRecord {
  kind: 'dkim' | 'spf' | 'dmarc';
  type: 'TXT';
  name: string;
  value: string;
  check: { ok: boolean; found: string[]; error?: string } | null;
}
export interface SendingDomain {
  id: number;
  domain: string;
  dkimSelector: string;
  verified: boolean;
  checkedAt: string | null;
  records: DnsRecord[];
}

const invalidate = (qc: ReturnType<typeof useQueryClient>) => qc.invalidateQueries({ queryKey: ['sending'] });

export const useAccounts = () => useQuery({ queryKey: ['sending', 'accounts'], queryFn: () => http<{ data: SendingAccount[] }>('/sending/accounts') });
export const useDomains = () => useQuery({ queryKey: ['sending', 'domains'], queryFn: () => http<{ data: SendingDomain[] }>('/sending/domains') });
export const usePostalAddress = () => useQuery({ queryKey: ['sending', 'postal'], queryFn: () => http<{ postalAddress: string | null }>('/sending/postal-address') });

export function useSaveAccount() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id?: number; input: Partial<AccountInput> }) =>
      id === undefined ? http<SendingAccount>('/sending/accounts', { method: 'POST', body: input }) : http<SendingAccount>(`/sending/accounts/${id}`, { method: 'PATCH', body: input }),
    meta: { silent: true },
    onSuccess: () => invalidate(qc),
  });
}

export function useDeleteAccount() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (id: number) => http<void>(`/sending/accounts/${id}`, { method: 'DELETE' }), onSuccess: () => invalidate(qc) });
}

export function useAddDomain() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (domain: string) => http<SendingDomain>('/sending/domains', { method: 'POST', body: { domain } }), meta: { silent: true }, onSuccess: () => invalidate(qc) });
}

export function useCheckDomain() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (id: number) => http<SendingDomain>(`/sending/domains/${id}/check`, { method: 'POST' }), onSuccess: () => invalidate(qc) });
}

export function useDeleteDomain() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (id: number) => http<void>(`/sending/domains/${id}`, { method: 'DELETE' }), onSuccess: () => invalidate(qc) });
}

export function useSavePostalAddress() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (postalAddress: string | null) => http<{ postalAddress: string | null }>('/sending/postal-address', { method: 'PUT', body: { postalAddress } }), onSuccess: () => invalidate(qc) });
}

// Shapes of src/modules/bounces (webhooks.schema.ts): provider webhook URLs and their checks.
export type WebhookProvider = 'ses' | 'sendgrid' | 'postmark' | 'mailgun';
export interface EmailWebhook {
  provider: WebhookProvider;
  url: string;
  verifiedBy: 'signature' | 'basic-auth' | 'url-secret';
  publicKey: string | null;
  username: string | null;
  topicArn: string | null;
  hasSecret: boolean;
}
export type WebhookVerification = Partial<Record<'publicKey' | 'signingKey' | 'username' | 'password' | 'topicArn', string>>;

export const useEmailWebhooks = () => useQuery({ queryKey: ['sending', 'webhooks'], queryFn: () => http<{ data: EmailWebhook[] }>('/email-webhooks') });

export function useSetWebhookVerification() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ provider, input }: { provider: WebhookProvider; input: WebhookVerification }) => http<EmailWebhook>(`/email-webhooks/${provider}`, { method: 'PUT', body: input }),
    meta: { silent: true },
    onSuccess: () => invalidate(qc),
  });
}

export function useClearWebhookVerification() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (provider: WebhookProvider) => http<void>(`/email-webhooks/${provider}`, { method: 'DELETE' }), onSuccess: () => invalidate(qc) });
}
