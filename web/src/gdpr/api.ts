import { useMutation, useQueryClient } from '@tanstack/react-query';
import { usePermissions, type Permission } from '../auth/api';
import { API, http } from '../lib/http';

// Granted to owners and admins only (src/modules/auth/permissions.ts); not yet in the web app's Permission union.
export const CONTACTS_GDPR = 'contacts:gdpr' as Permission;

/** GDPR export and erasure are for owners and admins; the server checks the same permission. */
export function useCanGdpr() {
  return usePermissions().can(CONTACTS_GDPR);
}

/** Everything held about a contact as one JSON document (Art. 15/20), downloaded by a plain link. */
export const contactExportUrl = (id: number) => `${API}/contacts/${id}/export`;

export function useEraseContact() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => http<{ erased: true }>(`/contacts/${id}/erase`, { method: 'POST', body: { confirm: true } }),
    meta: { silent: true },
    // The contact's own queries are dropped by the caller once it has navigated away (refetching them now would 404).
    onSuccess: () => Promise.all(['contacts', 'lists', 'suppressions'].map((k) => qc.invalidateQueries({ queryKey: [k], refetchType: 'none' }))),
  });
}
