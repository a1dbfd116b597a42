import { Badge, Button, EmptyState, Group, Modal, Text, TextInput } from '@mantine/core';
import { IconPlus, IconSend } from '@tabler/icons-react';
import { createColumnHelper } from '@tanstack/react-table';
import { useNavigate } from '@tanstack/react-router';
import { useMemo, useState, type FormEvent } from 'react';
import { usePermissions } from '../auth/api';
import { DataTable } from '../components/DataTable';
import { LoadMore } from '../components/LoadMore';
import { PageHeader } from '../components/PageHeader';
import { QueryState } from '../components/QueryState';
import { formatDateTime } from '../lib/format';
import { FormErrorAlert } from '../components/FormErrorAlert';
import { formErrors } from '../lib/form-errors';
import { CAMPAIGNS_WRITE, STATUS_COLOR, useCampaignsPaged, useSaveCampaign, type Campaign } from './api';

const col = createColumnHelper<Campaign>();

function NewCampaignModal({ opened, onClose, onCreated }: { opened: boolean; onClose: () => void; onCreated: (c: Campaign) => void }) {
  const [name, setName] = useState('');
  const create = useSaveCampaign(undefined);
  const errors = formErrors(create.error, ['name']);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ name }, { onSuccess: (c) => { setName(''); onCreated(c); } });
  };
  return (
    <Modal opened={opened} onClose={onClose} title="New campaign">
      <form onSubmit={submit} noValidate>
        <TextInput label="Name" description="For you; recipients see the subject" value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.field('name')} data-autofocus required data-testid="campaign-name" />
        <FormErrorAlert errors={errors} mt="sm" />
        <Group justify="flex-end" mt="lg">
          <Button variant="default" onClick={onClose}>Cancel</Button>
          <Button type="submit" loading={create.isPending} data-testid="campaign-create">Create draft</Button>
        </Group>
      </form>
    </Modal>
  );
}

export function CampaignsPage() {
  const { can } = usePermissions();
  const navigate = useNavigate();
  const campaigns = useCampaignsPaged();
  const rows = useMemo(() => campaigns.data?.pages.flatMap((p) => p.data) ?? [], [campaigns.data]);
  const [creating, setCreating] = useState(false);
  const open = (c: Campaign) => navigate({ to: '/campaigns/$id', params: { id: String(c.id) } });
  const columns = [
    col.accessor('name', {
      id: 'name', header: 'Campaign',
      cell: (c) => (
        <>
          <Text fz="sm" fw={500} c="indigo.8">{c.getValue()}</Text>
          {c.row.original.subject && <Text fz="xs" c="gray.7" lineClamp={1} maw={380}>{c.row.original.subject}</Text>}
        </>
      ),
    }),
    col.accessor('status', { id: 'status', header: 'Status', cell: (c) => <Badge variant="dot" color={STATUS_COLOR[c.getValue()]}>{c.getValue()}</Badge> }),
    col.accessor('recipientCount', { id: 'recipients', header: 'Recipients', cell: (c) => <Text fz="sm">{c.row.original.status === 'draft' || c.row.original.status === 'scheduled' ? '—' : c.getValue().toLocaleString()}</Text> }),
    col.display({
      id: 'when', header: 'Sent / scheduled',
      cell: (c) => {
        const x = c.row.original;
        const at = x.status === 'scheduled' ? x.scheduledAt : x.startedAt;
        return <Text fz="sm" style={{ whiteSpace: 'nowrap' }}>{at ? `${formatDateTime(at)}${x.status === 'scheduled' && x.timeZone ? ` (${x.timeZone})` : ''}` : '—'}</Text>;
      },
    }),
  ];
  return (
    <>
      <PageHeader title="Campaigns" description="Email to your lists: write it, choose who gets it, check it, send or schedule it."
        actions={can(CAMPAIGNS_WRITE) && <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)} data-testid="new-campaign">New campaign</Button>} />
      {campaigns.error ? <QueryState isPending={false} error={campaigns.error} refetch={campaigns.refetch} /> : (
        <DataTable testId="campaigns-table" data={rows} columns={columns} loading={campaigns.isPending} getRowId={(c) => String(c.id)} minWidth={720}
          onRowClick={open} hideOnMobile={['recipients', 'when']}
          empty={<EmptyState icon={<IconSend size={28} />} variant="light" title="No campaigns yet" description="A campaign sends one template to one or more lists.">
            {can(CAMPAIGNS_WRITE) && <EmptyState.Actions><Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>New campaign</Button></EmptyState.Actions>}
          </EmptyState>} />
      )}
      <LoadMore hasNextPage={campaigns.hasNextPage} isFetchingNextPage={campaigns.isFetchingNextPage} fetchNextPage={campaigns.fetchNextPage} />
      <NewCampaignModal opened={creating} onClose={() => setCreating(false)} onCreated={open} />
    </>
  );
}
