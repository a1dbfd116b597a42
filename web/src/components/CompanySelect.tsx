import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useCompanies } from '../companies/api';

/** Searchable company picker backed by GET /companies?q=. */
export function CompanySelect({ value, onChange, current, error, testId }: {
  value: number | null;
  onChange: (id: number | null, name: string | null) => void;
  current?: { id: number; name: string } | null;
  error?: string;
  testId?: string;
}) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const list = useCompanies({ q: q || undefined }, 20);
  const data = (list.data?.pages.flatMap((p) => p.data) ?? []).map((c) => ({ value: String(c.id), label: c.name }));
  if (current && !data.some((d) => d.value === String(current.id))) data.unshift({ value: String(current.id), label: current.name });
  return (
    <Select label="Company" placeholder="Search companies" data={data} searchable clearable
      value={value == null ? null : String(value)}
      onChange={(v, opt) => onChange(v ? Number(v) : null, opt?.label ?? null)}
      onSearchChange={setSearch} filter={({ options }) => options}
      nothingFoundMessage={list.isFetching ? 'Searching…' : 'No companies'} error={error} data-testid={testId} />
  );
}
