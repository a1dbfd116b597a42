import { Alert, Badge, Button, Input, Group, Paper, SegmentedControl, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconArrowLeft, IconCamera, IconDeviceFloppy, IconListSearch, IconMailPlus } from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { usePermissions } from '../auth/api';
import { PageHeader } from '../components/PageHeader';
import { QueryState } from '../components/QueryState';
import { AnchorLink } from '../components/links';
import { ApiError } from '../lib/http';
import { formatDateTime } from '../lib/format';
import { notifySuccess } from '../lib/notify';
import { useCustomFields } from '../settings/api';
import {
  SEGMENTS_WRITE, usePreviewSegment, useRecountSegment, useSaveSegment, useSegment, useSegmentContacts, useSegmentCount, useSnapshotSegment,
  type Segment, type SegmentKind, type SegmentNode,
} from './api';
import type { Catalogue } from './ConditionRow';
import { fieldCatalogue } from './fields';
import { GroupEditor } from './GroupEditor';
import { MakeListModal } from './MakeListModal';
import { PREVIEW_LIMIT, PreviewPanel, type PreviewState } from './PreviewPanel';
import { errorsByNode, fromApi, isComplete, newGroup, toApi, type GroupDraft } from './tree';

/** /segments/new and /segments/$id: loads the segment, then hands it to the editor. */
export function SegmentBuilderPage({ id }: { id?: number }) {
  const seg = useSegment(id);
  if (id !== undefined && !seg.data) return <QueryState isPending={seg.isPending} error={seg.error} refetch={seg.refetch} />;
  return <SegmentBuilder key={id ?? 'new'} segment={seg.data} />;
}

function SegmentBuilder({ segment }: { segment?: Segment }) {
  const { can } = usePermissions();
  const navigate = useNavigate();
  const [name, setName] = useState(segment?.name ?? '');
  const [description, setDescription] = useState(segment?.description ?? '');
  const [kind, setKind] = useState<SegmentKind>(segment?.kind ?? 'dynamic');
  const [root, setRootState] = useState<GroupDraft>(() => (segment ? fromApi(segment.tree) : newGroup('and')));
  const [nameError, setNameError] = useState<string | null>(null);
  const save = useSaveSegment(segment?.id);
  const recount = useRecountSegment();
  const isStatic = segment?.kind === 'static';
  const writable = can(SEGMENTS_WRITE);
  const treeEditable = writable && !isStatic;

  const contactFields = useCustomFields('contact');
  const companyFields = useCustomFields('company');
  const catalogue: Catalogue = useMemo(() => ({
    contact: fieldCatalogue('contact', contactFields.data), company: fieldCatalogue('company', companyFields.data), selfId: segment?.id,
  }), [contactFields.data, companyFields.data, segment?.id]);

  const setRoot = (next: GroupDraft) => {
    setRootState(next);
    if (save.error) save.reset();
  };

  // Live feedback: the tree is asked about 400 ms after it stops changing, and only once complete.
  const { tree, paths } = useMemo(() => toApi(root), [root]);
  const complete = isComplete(root);
  const askJson = complete && !isStatic ? JSON.stringify(tree) : null;
  const [debounced] = useDebouncedValue(askJson, 400);
  const asked = useMemo(() => (debounced ? (JSON.parse(debounced) as SegmentNode) : null), [debounced]);
  const preview = usePreviewSegment(asked, PREVIEW_LIMIT);
  const savedCount = useSegmentCount(isStatic ? segment?.id : undefined);
  const savedContacts = useSegmentContacts(isStatic ? segment?.id : undefined, PREVIEW_LIMIT);
  const waiting = askJson !== debounced;

  let state: PreviewState;
  if (isStatic) state = savedCount.isPending || savedContacts.isPending ? 'loading' : savedCount.error ?? savedContacts.error ? 'error' : 'ready';
  else if (!complete) state = 'incomplete';
  else if (waiting || preview.isFetching) state = 'loading';
  else state = preview.error ? 'error' : 'ready';
  const previewError = isStatic ? savedCount.error ?? savedContacts.error : preview.error;
  const count = isStatic ? savedCount.data?.count : state === 'error' || state === 'incomplete' ? undefined : preview.data?.count;
  const contacts = (isStatic ? savedContacts.data?.data : preview.data?.contacts) ?? [];

  const errors = useMemo(() => {
    const out = state === 'error' && !isStatic ? errorsByNode(preview.error, paths) : new Map();
    for (const [k, v] of errorsByNode(save.error, paths)) out.set(k, v);
    return out;
  }, [state, isStatic, preview.error, save.error, paths]);
  const saveError = save.error instanceof ApiError ? save.error : null;
  const nameMessage = nameError ?? (saveError && (saveError.fieldErrors().name ?? (saveError.details?.path === 'name' ? saveError.message : undefined)));
  const saveNodeErrors = errorsByNode(saveError, paths);
  const otherSaveError = saveError && !nameMessage && (!saveNodeErrors.size || saveNodeErrors.has('')) ? saveError.message : null;

  const onSave = () => {
    if (!name.trim()) return setNameError('Give the segment a name');
    setNameError(null);
    save.mutate({ name: name.trim(), description: description.trim() || null, kind, ...(isStatic ? {} : { tree }) }, {
      onSuccess: (s) => {
        notifySuccess(segment ? 'Segment saved' : 'Segment created');
        if (s.kind === 'dynamic') recount.mutate(s.id); // remembered as the list's "last count"
        if (!segment) navigate({ to: '/segments/$id', params: { id: String(s.id) }, replace: true });
      },
    });
  };

  const actions = (
    <>
      {segment && <SnapshotButton segment={segment} hidden={!writable || isStatic} />}
      {segment && can('lists:write') && <MakeListButton segment={segment} />}
      {segment && (
        <Button variant="default" leftSection={<IconListSearch size={16} />} data-testid="open-as-view"
          onClick={() => navigate({ to: '/contacts', search: { segmentId: segment.id } })}>Open as contacts view</Button>
      )}
      {writable && (
        <Button leftSection={<IconDeviceFloppy size={16} />} onClick={onSave} loading={save.isPending} disabled={!complete} data-testid="segment-save">
          Save
        </Button>
      )}
    </>
  );

  return (
    <>
      <PageHeader title={segment?.name ?? 'New segment'} actions={actions}
        description={segment ? `${segment.kind === 'static' ? 'Static' : 'Dynamic'} segment · updated ${formatDateTime(segment.updatedAt)}` : 'Describe who belongs in it; the count updates as you go.'}
        above={<AnchorLink to="/segments" fz="sm"><Group gap={4}><IconArrowLeft size={14} />Segments</Group></AnchorLink>} />
      <Stack gap="md">
        <Paper withBorder radius="md" p="md">
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} error={nameMessage} required readOnly={!writable}
              data-testid="segment-name" />
            <TextInput label="Description" value={description} onChange={(e) => setDescription(e.currentTarget.value)} readOnly={!writable}
              placeholder="Optional" data-testid="segment-description" />
            <Input.Wrapper label="Kind">
              {segment ? (
                <Group h={36}><Badge size="lg" color={isStatic ? 'gray' : 'indigo'} data-testid="segment-kind">{segment.kind}</Badge></Group>
              ) : (
                <SegmentedControl fullWidth value={kind} onChange={(v) => setKind(v as SegmentKind)} data-testid="segment-kind"
                  data={[{ value: 'dynamic', label: 'Dynamic' }, { value: 'static', label: 'Static (freeze now)' }]} />
              )}
            </Input.Wrapper>
          </SimpleGrid>
          {otherSaveError && <Alert color="red" mt="sm" data-testid="segment-save-error">{otherSaveError}</Alert>}
        </Paper>
        <Paper withBorder radius="md" p={{ base: 'xs', sm: 'md' }}>
          <Group justify="space-between" mb="xs">
            <Title order={3} fz="h5">Conditions</Title>
            {isStatic && <Text fz="xs" c="dimmed">A static segment’s members are frozen; the conditions it was made from are shown for reference.</Text>}
          </Group>
          <fieldset disabled={!treeEditable} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
            <GroupEditor group={root} depth={0} catalogue={catalogue} errors={errors} onChange={setRoot} />
          </fieldset>
        </Paper>
        <PreviewPanel state={state} count={count} contacts={contacts} error={previewError}
          note={isStatic && savedCount.data ? `Members frozen; counted ${formatDateTime(savedCount.data.countedAt)}.` : undefined} />
      </Stack>
    </>
  );
}

function SnapshotButton({ segment, hidden }: { segment: Segment; hidden: boolean }) {
  const snapshot = useSnapshotSegment(segment.id);
  const navigate = useNavigate();
  if (hidden) return null;
  return (
    <Button variant="default" leftSection={<IconCamera size={16} />} loading={snapshot.isPending} data-testid="segment-snapshot"
      onClick={() => snapshot.mutate(undefined, {
        onSuccess: (s) => {
          notifySuccess(`Snapshot saved as “${s.name}”`);
          navigate({ to: '/segments/$id', params: { id: String(s.id) } });
        },
      })}>
      Snapshot now
    </Button>
  );
}

function MakeListButton({ segment }: { segment: Segment }) {
  const [opened, setOpened] = useState(false);
  return (
    <>
      <Button variant="default" leftSection={<IconMailPlus size={16} />} onClick={() => setOpened(true)} data-testid="make-list">Make a list</Button>
      <MakeListModal segment={segment} opened={opened} onClose={() => setOpened(false)} />
    </>
  );
}
