import { Button, Group, Modal, Radio, SegmentedControl, Table, Text } from '@mantine/core';
import { IconArrowMerge } from '@tabler/icons-react';
import { useState } from 'react';
import { formatDate, formatValue } from '../lib/format';
import { notifySuccess } from '../lib/notify';
import { useCustomFields } from '../settings/api';
import { useMergeContacts, type Contact } from './api';
import { FormErrorAlert } from '../components/FormErrorAlert';
import { formErrors } from '../lib/form-errors';

const FIELDS: { key: string; label: string; value: (c: Contact) => string | null }[] = [
  { key: 'firstName', label: 'First name', value: (c) => c.firstName || null },
  { key: 'lastName', label: 'Last name', value: (c) => c.lastName || null },
  { key: 'email', label: 'Email', value: (c) => c.email },
  { key: 'phone', label: 'Phone', value: (c) => c.phone },
  { key: 'jobTitle', label: 'Job title', value: (c) => c.jobTitle },
  { key: 'birthday', label: 'Birthday', value: (c) => (c.birthday ? formatDate(c.birthday) : null) },
  { key: 'companyId', label: 'Company', value: (c) => c.company?.name ?? null },
  { key: 'ownerId', label: 'Owner', value: (c) => c.owner?.name ?? null },
];

/**
 * Both records side by side: the user chooses the record to keep and, per field, whose value it
 * takes (by default the kept record's, or the other's where it has none). The email and phone
 * not chosen stay on the contact as secondary addresses.
 */
export function MergeModal({ pair, onClose }: { pair: [Contact, Contact]; onClose: () => void }) {
  const [keep, setKeep] = useState<'0' | '1'>('0');
  const custom = useCustomFields('contact').data ?? [];
  const fields = [...FIELDS, ...custom.map((f) => ({ key: `custom.${f.key}`, label: f.label, value: (c: Contact) => (c.custom[f.key] == null ? null : formatValue(c.custom[f.key])) }))]
    .filter((f) => f.value(pair[0]) !== null || f.value(pair[1]) !== null);
  const [picked, setPicked] = useState<Record<string, '0' | '1'>>({});
  const survivor = pair[Number(keep)];
  const duplicate = pair[1 - Number(keep)];
  const side = (key: string, f: (typeof fields)[number]): '0' | '1' =>
    picked[key] ?? (f.value(survivor) !== null ? keep : keep === '0' ? '1' : '0');
  const merge = useMergeContacts();
  const errors = formErrors(merge.error, []);

  const submit = () => {
    const pick = Object.fromEntries(fields.map((f) => [f.key, side(f.key, f) === keep ? 'survivor' : 'duplicate'] as const));
    merge.mutate({ survivorId: survivor.id, duplicateId: duplicate.id, pick }, {
      onSuccess: () => {
        notifySuccess(`Merged into ${survivor.fullName || 'the kept contact'}`);
        onClose();
      },
    });
  };
  const name = (c: Contact) => c.fullName || c.email || 'Unnamed contact';

  return (
    <Modal opened onClose={onClose} title="Merge two contacts" size="xl" data-testid="merge-modal" closeButtonProps={{ "aria-label": "Close" }}>
      <Text fz="sm" mb="xs">Keep which record? The other one is merged into it and deleted; its notes, deals and history move over.</Text>
      <SegmentedControl fullWidth mb="md" value={keep} onChange={(v) => { setKeep(v as '0' | '1'); setPicked({}); }} data-testid="merge-keep"
        data={[{ value: '0', label: `Keep ${name(pair[0])}` }, { value: '1', label: `Keep ${name(pair[1])}` }]} />
      <Table.ScrollContainer minWidth={480}>
        <Table verticalSpacing="xs" data-testid="merge-fields">
          <Table.Thead>
            <Table.Tr><Table.Th>Field</Table.Th><Table.Th>{name(pair[0])}</Table.Th><Table.Th>{name(pair[1])}</Table.Th></Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {fields.map((f) => (
                <Table.Tr key={f.key} data-testid="merge-field" data-field={f.key}>
                  <Table.Td fw={500}>{f.label}</Table.Td>
                  {([0, 1] as const).map((i) => (
                    <Table.Td key={i}>
                      <Radio name={`pick-${f.key}`} value={String(i)} checked={side(f.key, f) === String(i)} label={f.value(pair[i]) ?? '—'}
                        onChange={() => setPicked({ ...picked, [f.key]: String(i) as '0' | '1' })} aria-label={`${f.label}: ${f.value(pair[i]) ?? 'empty'} (${name(pair[i])})`} data-testid={`merge-pick-${i}`} />
                    </Table.Td>
                  ))}
                </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Text fz="xs" c="gray.7" mt="xs">Tags of both are kept. An email or phone you don’t pick stays on the contact as a secondary address.</Text>
      <FormErrorAlert errors={errors} mt="sm" />
      <Group justify="flex-end" mt="md">
        <Button variant="default" onClick={onClose}>Cancel</Button>
        <Button leftSection={<IconArrowMerge size={16} />} loading={merge.isPending} onClick={submit} data-testid="merge-confirm">Merge</Button>
      </Group>
    </Modal>
  );
}
