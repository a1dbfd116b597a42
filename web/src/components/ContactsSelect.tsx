import { MultiSelect } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useContacts } from '../contacts/api';

export interface ContactRef {
  id: number;
  fullName: string;
}

/** Searchable multi-contact picker backed by GET /contacts?q=; keeps the chosen contacts' names. */
export function ContactsSelect({ value, onChange, label = 'Contacts', error, testId, readOnly }: {
  value: ContactRef[];
  onChange: (contacts: ContactRef[]) => void;
  label?: string;
  error?: string;
  testId?: string;
  readOnly?: boolean;
}) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const list = useContacts({ q: q || undefined }, 20);
  const found = (list.data?.pages.flatMap((p) => p.data) ?? []).map((c) => ({ id: c.id, fullName: c.fullName || c.email || `#${c.id}` }));
  const known = new Map<number, ContactRef>([...found, ...value].map((c) => [c.id, c]));
  const data = [...known.values()].map((c) => ({ value: String(c.id), label: c.fullName }));
  return (
    <MultiSelect label={label} placeholder={value.length ? undefined : 'Search contacts'} data={data} searchable clearable readOnly={readOnly}
      value={value.map((c) => String(c.id))} searchValue={search} onSearchChange={setSearch} filter={({ options }) => options}
      onChange={(ids) => onChange(ids.map((id) => known.get(Number(id))!).filter(Boolean))}
      nothingFoundMessage={list.isFetching ? 'Searching…' : 'No contacts'} error={error} data-testid={testId} hidePickedOptions />
  );
}
