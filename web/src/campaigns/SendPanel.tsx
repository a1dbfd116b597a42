import { Button, Group, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { usePermissions } from '../auth/api';
import { formatDateTime } from '../lib/format';
import { notifySuccess } from '../lib/notify';
import { CAMPAIGNS_SEND, CAMPAIGNS_WRITE, useCampaignAction, type Campaign, type CampaignAction } from './api';
import { FormErrorAlert } from '../components/FormErrorAlert';
import { formErrors } from '../lib/form-errors';

const zones = (() => {
  try {
    const all = (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf('timeZone');
    return all.includes('UTC') ? all : ['UTC', ...all];
  } catch {
    return ['UTC'];
  }
})();

/** Send now, schedule in a time zone, and what a campaign's state allows next. */
export function SendPanel({ campaign, ready }: { campaign: Campaign; ready: boolean }) {
  const { can } = usePermissions();
  const navigate = useNavigate();
  const act = useCampaignAction(campaign.id);
  const [sendAt, setSendAt] = useState('');
  const [timeZone, setTimeZone] = useState(campaign.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC');
  const zoneData = useMemo(() => zones.map((z) => ({ value: z, label: z })), []);
  const errors = formErrors(act.error, ['sendAt', 'timeZone']);
  const run = (action: CampaignAction | 'schedule', done: string, body?: object) =>
    act.mutate({ action, body }, {
      onSuccess: (out) => {
        notifySuccess(done);
        if (action === 'duplicate') navigate({ to: '/campaigns/$id', params: { id: String(out.id) } });
      },
    });
  const s = campaign.status;
  const sender = can(CAMPAIGNS_SEND);
  return (
    <Paper withBorder p="md" radius="md">
      <Title order={3} fz="md" mb="sm">Send</Title>
      <Stack gap="sm">
        {s === 'draft' && sender && (
          <>
            <Button color="indigo.8" onClick={() => run('send', 'Sending started')} disabled={!ready} loading={act.isPending && act.variables?.action === 'send'} data-testid="send-now">Send now</Button>
            <Group align="flex-end" grow>
              <TextInput type="datetime-local" label="Send at" value={sendAt} onChange={(e) => setSendAt(e.currentTarget.value)} error={errors.field('sendAt')} data-testid="send-at" />
              <Select label="Time zone" data={zoneData} value={timeZone} error={errors.field('timeZone')} onChange={(v) => v && setTimeZone(v)} searchable data-testid="time-zone" />
            </Group>
            <Button variant="light" onClick={() => run('schedule', 'Scheduled', { sendAt, timeZone })} disabled={!ready || !sendAt} data-testid="schedule">Schedule</Button>
          </>
        )}
        {s === 'scheduled' && (
          <>
            <Text fz="sm">Scheduled for {formatDateTime(campaign.scheduledAt)} ({campaign.timeZone})</Text>
            {sender && <Button variant="light" onClick={() => run('unschedule', 'Back to draft')} data-testid="unschedule">Unschedule to edit</Button>}
          </>
        )}
        {s === 'sending' && sender && <Button variant="default" onClick={() => run('pause', 'Paused')} data-testid="pause">Pause</Button>}
        {s === 'paused' && sender && <Button onClick={() => run('resume', 'Resumed')} data-testid="resume">Resume</Button>}
        {['scheduled', 'sending', 'paused'].includes(s) && sender && <Button variant="subtle" color="red" onClick={() => run('cancel', 'Cancelled')} data-testid="cancel">Cancel campaign</Button>}
        {can(CAMPAIGNS_WRITE) && <Button variant="default" onClick={() => run('duplicate', 'Duplicated')} data-testid="duplicate">Duplicate</Button>}
        <FormErrorAlert errors={errors} testId="send-error" mt={0} />
      </Stack>
    </Paper>
  );
}
