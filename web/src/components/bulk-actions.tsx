import { Alert, Button, Group, Modal, Paper, Progress, Select, Stack, Text } from '@mantine/core';
import { IconArrowBackUp, IconDownload } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { usePermissions } from '../auth/api';
import { emptyDeclaration } from '../lists/ConsentDeclarationFields';
import { useAllLists } from '../lists/api';
import { formErrors } from '../lib/form-errors';
import { ApiError } from '../lib/http';
import { notifyError, notifySuccess } from '../lib/notify';
import { actionOf, BulkActionFields, type ActionDraft, type ActionType } from './bulk-action-form';
import { bulkExportUrl, useBulkOperation, useStartBulk, useUndoBulk, type BulkSelection } from './bulk-api';

const ACTIONS: { value: ActionType; label: string; permission: string }[] = [
  { value: 'tag', label: 'Add tags', permission: 'contacts:write' },
  { value: 'untag', label: 'Remove tags', permission: 'contacts:write' },
  { value: 'assignOwner', label: 'Assign owner', permission: 'contacts:write' },
  { value: 'addToList', label: 'Add to list', permission: 'lists:write' },
  { value: 'removeFromList', label: 'Remove from list', permission: 'lists:write' },
  { value: 'addToSegment', label: 'Add to static segment', permission: 'segments:write' },
  { value: 'export', label: 'Export CSV', permission: 'exports:run' },
  { value: 'delete', label: 'Delete', permission: 'contacts:delete' },
];
const fresh = (): ActionDraft => ({ tags: [], ownerId: null, listId: null, segmentId: null, consent: emptyDeclaration('admin') });

/** What the selected rows can have done to them, then the operation's progress and, for a delete, its undo. */
export function BulkActionsBar({ selection, count, onClear }: { selection: BulkSelection; count: number; onClear: () => void }) {
  const { can } = usePermissions();
  const [type, setType] = useState<ActionType | null>(null);
  const [draft, setDraft] = useState<ActionDraft>(fresh);
  const [opId, setOpId] = useState<number | null>(null);
  // A queued (large) operation ends out of sight of its toast, so its outcome stays on screen until dismissed.
  const [background, setBackground] = useState(false);
  const start = useStartBulk();
  const op = useBulkOperation(opId);
  const undo = useUndoBulk();
  const lists = useAllLists(type === 'addToList');
  // Errors no input shows reach the user as a toast (onError below).
  const errors = formErrors(start.error, ['action', 'selection']);
  const available = ACTIONS.filter((a) => can(a.permission as never));
  const marketing = lists.data?.find((l) => String(l.id) === draft.listId)?.purpose === 'marketing';

  const run = () => start.mutate({ selection, action: actionOf(type!, draft, marketing) }, {
    onSuccess: (o) => {
      setOpId(o.id);
      setBackground(o.status === 'queued');
      setType(null);
      setDraft(fresh());
      onClear();
      if (o.status === 'done' && o.action !== 'export') notifySuccess(`${o.result.changed ?? 0} of ${o.total} contacts changed`);
    },
    onError: (e) => !(e instanceof ApiError && Object.keys(e.fieldErrors()).some((k) => k.startsWith('action'))) && notifyError(e),
  });
  const current = op.data;
  const busy = current && (current.status === 'queued' || current.status === 'running');

  return (
    <Stack gap="xs" mb="xs">
      {count > 0 && (
        <Paper withBorder p="xs" radius="md" bg="indigo.0" data-testid="bulk-bar">
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Text fz="sm" fw={600} data-testid="bulk-count">{count.toLocaleString()} selected</Text>
            <Group gap="xs">
              <Select size="xs" w={190} placeholder="Choose an action" aria-label="Bulk action" data={available.map(({ value, label }) => ({ value, label }))}
                value={type} onChange={(v) => { start.reset(); setType(v as ActionType | null); }} data-testid="bulk-action" />
              <Button size="xs" variant="default" onClick={onClear}>Clear</Button>
            </Group>
          </Group>
        </Paper>
      )}
      {current && (busy || current.status === 'undoable' || current.action === 'export' || current.status === 'failed') && (
        <OperationStatus op={current} onUndo={() => undo.mutate(current.id, { onError: (e) => notifyError(e) })} undoing={undo.isPending} />
      )}
      {current && background && current.status === 'done' && current.action !== 'export' && (
        <Alert color="teal" withCloseButton closeButtonLabel="Dismiss" onClose={() => setBackground(false)} data-testid="bulk-done">
          Done: {(current.result.changed ?? 0).toLocaleString()} of {current.total.toLocaleString()} contacts changed.
        </Alert>
      )}
      <Modal opened={type !== null} onClose={() => setType(null)} title={ACTIONS.find((a) => a.value === type)?.label ?? ''}>
        <Stack>
          <Text fz="sm">{count.toLocaleString()} contact{count === 1 ? '' : 's'} selected.</Text>
          {type && <BulkActionFields type={type} draft={draft} onChange={setDraft} errors={errors.byPath} />}
          {errors.field('selection') && <Alert color="red">{errors.field('selection')}</Alert>}
          {type === 'delete' && <Text fz="sm">They are hidden at once and removed for good after 30 seconds, unless you undo.</Text>}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setType(null)}>Cancel</Button>
            <Button color={type === 'delete' ? 'red' : undefined} loading={start.isPending} onClick={run} data-testid="bulk-run">Apply</Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

function OperationStatus({ op, onUndo, undoing }: { op: NonNullable<ReturnType<typeof useBulkOperation>['data']>; onUndo: () => void; undoing: boolean }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  if (op.status === 'queued' || op.status === 'running') {
    const pct = op.total ? Math.round((op.processed / op.total) * 100) : 0;
    return (
      <Paper withBorder p="xs" radius="md" data-testid="bulk-progress">
        <Text fz="sm" mb={4}>Working on {op.total.toLocaleString()} contacts… {op.processed.toLocaleString()} done</Text>
        <Progress value={pct} aria-label={`Bulk operation ${pct}% done`} animated />
      </Paper>
    );
  }
  if (op.status === 'failed') return <Alert color="red" title="The bulk operation failed">{op.error}</Alert>;
  if (op.action === 'export') {
    return (
      <Alert color="teal" data-testid="bulk-export-ready">
        <Group justify="space-between"><Text fz="sm">Export of {op.total.toLocaleString()} contacts is ready.</Text>
          <Button size="xs" component="a" href={bulkExportUrl(op.id)} download leftSection={<IconDownload size={14} />}>Download CSV</Button></Group>
      </Alert>
    );
  }
  const left = Math.max(0, Math.ceil((new Date(op.undoUntil ?? 0).getTime() - now) / 1000));
  if (left === 0) return null;
  return (
    <Alert color="orange" data-testid="bulk-undo">
      <Group justify="space-between"><Text fz="sm">Deleted {op.total.toLocaleString()} contacts. Undo within {left} s.</Text>
        <Button size="xs" color="orange" variant="white" onClick={onUndo} loading={undoing} leftSection={<IconArrowBackUp size={14} />} data-testid="bulk-undo-button">Undo</Button></Group>
    </Alert>
  );
}
