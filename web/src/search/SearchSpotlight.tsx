import { Badge, Button, Group, Kbd, Modal, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDisclosure, useHotkeys } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useState, type KeyboardEvent } from 'react';
import { readRecent, rememberRecent, useGlobalSearch, type SearchHit } from './api';

const KIND_LABEL: Record<SearchHit['kind'], string> = { contact: 'Contact', company: 'Company', deal: 'Deal', list: 'List' };
const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** The Ctrl/Cmd-K box: search contacts, companies, deals and lists; arrows move, Enter opens. */
export function SearchSpotlight() {
  const [opened, { open, close }] = useDisclosure(false);
  const [q, setQ] = useState('');
  const [active, setActive] = useState(0);
  const navigate = useNavigate();
  const search = useGlobalSearch(q);
  useHotkeys([['mod+K', () => open()]], []);
  const hits = q.trim() ? (search.data?.data ?? []) : readRecent();
  useEffect(() => setActive(0), [q, opened]);

  const go = (hit: SearchHit) => {
    rememberRecent(hit);
    close();
    setQ('');
    const params = { id: String(hit.id) };
    if (hit.kind === 'contact') navigate({ to: '/contacts/$id', params });
    else if (hit.kind === 'company') navigate({ to: '/companies/$id', params });
    else if (hit.kind === 'deal') navigate({ to: '/deals/$id', params });
    else navigate({ to: '/lists/$id', params });
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') setActive((a) => Math.min(a + 1, hits.length - 1));
    else if (e.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0));
    else if (e.key === 'Enter' && hits[active]) go(hits[active]);
    else return;
    e.preventDefault();
  };

  return (
    <>
      <Button variant="default" size="xs" onClick={open} leftSection={<IconSearch size={14} />} title="Search (Ctrl or Cmd K)" data-testid="search-open"
        rightSection={<Kbd size="xs" visibleFrom="sm">{isMac ? '⌘' : 'Ctrl'} K</Kbd>}>
        <Text fz="xs" span>Search</Text>
      </Button>
      <Modal opened={opened} onClose={close} title="Search" size="lg" data-testid="search-modal">
        <TextInput autoFocus value={q} onChange={(e) => setQ(e.currentTarget.value)} onKeyDown={onKey} leftSection={<IconSearch size={16} />}
          label="Search contacts, companies, deals and lists" placeholder="Name, email, company, deal title…" data-testid="search-input"
          role="combobox" aria-expanded={hits.length > 0} aria-controls="search-results"
          aria-activedescendant={hits[active] ? `search-hit-${active}` : undefined} />
        <Text fz="xs" c="gray.7" mt="sm">{q.trim() ? (search.isFetching && !hits.length ? 'Searching…' : hits.length ? 'Results' : 'Nothing found') : hits.length ? 'Recent' : 'Type to search'}</Text>
        <Stack gap={2} mt={4} id="search-results" role="listbox" aria-label="Search results">
          {hits.map((h, i) => (
            <UnstyledButton key={`${h.kind}-${h.id}`} id={`search-hit-${i}`} role="option" aria-selected={i === active} data-testid="search-hit"
              onMouseEnter={() => setActive(i)} onClick={() => go(h)} p="xs"
              style={{ borderRadius: 6, background: i === active ? 'var(--mantine-color-indigo-0)' : undefined }}>
              <Group justify="space-between" wrap="nowrap">
                <div style={{ minWidth: 0 }}>
                  <Text fz="sm" fw={500} truncate>{h.title}</Text>
                  {h.subtitle && <Text fz="xs" c="gray.7" truncate>{h.subtitle}</Text>}
                </div>
                <Badge variant="light" color="gray" size="sm">{KIND_LABEL[h.kind]}</Badge>
              </Group>
            </UnstyledButton>
          ))}
        </Stack>
      </Modal>
    </>
  );
}
