import type { ReactNode } from 'react';
import { Select, TextInput } from '@mantine/core';
import { usePermissions } from '../auth/api';
import { useUsers } from '../settings/api';

/** Owner picker; falls back to a read-only name when the user may not list users. */
export function OwnerSelect({ value, onChange, current, label = 'Owner', error, testId, placeholder }: {
  value: number | null;
  onChange: (id: number | null) => void;
  current?: { id: number; name: string } | null;
  label?: string | null;
  error?: ReactNode;
  testId?: string;
  placeholder?: string;
}) {
  const { can } = usePermissions();
  const users = useUsers(can('users:read'));
  if (!can('users:read')) {
    return label ? <TextInput label={label} value={current?.name ?? '—'} readOnly variant="filled" /> : null;
  }
  const data = (users.data ?? []).filter((u) => !u.disabled || u.id === value).map((u) => ({ value: String(u.id), label: u.name }));
  if (current && !data.some((d) => d.value === String(current.id))) data.push({ value: String(current.id), label: current.name });
  return (
    <Select label={label ?? undefined} aria-label={label ?? 'Owner'} placeholder={placeholder ?? 'No owner'} data={data} clearable searchable
      value={value == null ? null : String(value)} onChange={(v) => onChange(v ? Number(v) : null)}
      error={error} data-testid={testId} nothingFoundMessage="No users" />
  );
}
