import { Button, Group, Modal, Select, Stack, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useLostReasons } from '../pipelines/api';

/** Asks why the deal was lost (a reason from the workspace's list, and a note). */
export function LostDealModal({ opened, onClose, onConfirm, loading }: {
  opened: boolean;
  onClose: () => void;
  onConfirm: (v: { lostReasonId: number | null; lostNote: string | null }) => void;
  loading?: boolean;
}) {
  const reasons = useLostReasons(opened);
  const [reasonId, setReasonId] = useState<string | null>(null);
  const [note, setNote] = useState('');
  return (
    <Modal opened={opened} onClose={onClose} title="Mark deal lost" data-testid="lost-modal">
      <Stack gap="sm">
        <Select label="Reason" placeholder={reasons.data?.length ? 'Pick a reason' : 'No reasons set up'} clearable data-testid="lost-reason"
          data={(reasons.data ?? []).map((r) => ({ value: String(r.id), label: r.label }))} value={reasonId} onChange={setReasonId} />
        <Textarea label="Note" autosize minRows={2} value={note} onChange={(e) => setNote(e.currentTarget.value)} data-testid="lost-note" />
      </Stack>
      <Group justify="flex-end" mt="lg">
        <Button variant="default" onClick={onClose}>Cancel</Button>
        <Button color="red" loading={loading} data-testid="lost-confirm"
          onClick={() => onConfirm({ lostReasonId: reasonId ? Number(reasonId) : null, lostNote: note.trim() || null })}>Mark lost</Button>
      </Group>
    </Modal>
  );
}
