import { Anchor, Badge, Button, Grid, Group, Paper, Select, Stack, TextInput, Title } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { usePermissions } from '../auth/api';
import { PageHeader } from '../components/PageHeader';
import { QueryState } from '../components/QueryState';
import { FormErrorAlert } from '../components/FormErrorAlert';
import { formErrors } from '../lib/form-errors';
import { notifySuccess } from '../lib/notify';
import { AudiencePicker } from './AudiencePicker';
import { ChecklistPanel } from './ChecklistPanel';
import { SendPanel } from './SendPanel';
import { CAMPAIGNS_WRITE, READABLE_HELP, STATUS_COLOR, useCampaign, useChecklist, useSaveCampaign, useTemplates, type Campaign, type CampaignInput } from './api';

const toForm = (c: Campaign): CampaignInput => ({
  name: c.name, subject: c.subject, preheader: c.preheader, fromName: c.fromName, fromEmail: c.fromEmail ?? '', replyTo: c.replyTo ?? '',
  templateId: c.templateId, listIds: c.listIds, includeSegmentIds: c.includeSegmentIds, excludeSegmentIds: c.excludeSegmentIds,
});

/** The templates to pick from, and the chosen one even when the list could not be loaded. */
function templateOptions(list: { id: number; name: string }[], chosen: number | null) {
  const data = list.map((t) => ({ value: String(t.id), label: t.name }));
  if (chosen !== null && !list.some((t) => t.id === chosen)) data.push({ value: String(chosen), label: `Template #${chosen}` });
  return data;
}

export function CampaignEditorPage({ id }: { id: number }) {
  const campaign = useCampaign(id);
  const { can } = usePermissions();
  const templates = useTemplates();
  const save = useSaveCampaign(id);
  const [form, setForm] = useState<CampaignInput | null>(null);
  useEffect(() => { if (campaign.data) setForm(toForm(campaign.data)); }, [campaign.data]);
  const checklist = useChecklist(id, campaign.data?.updatedAt ?? campaign.data?.status ?? '');
  if (!campaign.data || !form) return <QueryState isPending={campaign.isPending} error={campaign.error} refetch={campaign.refetch} />;
  const c = campaign.data;
  const editable = c.status === 'draft' && can(CAMPAIGNS_WRITE);
  const errors = formErrors(save.error, ['templateId', 'name', 'subject', 'preheader', 'fromName', 'fromEmail', 'replyTo', 'list', 'listIds']);
  const set = <K extends keyof CampaignInput>(k: K, v: CampaignInput[K]) => setForm({ ...form, [k]: v });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ ...form, fromEmail: form.fromEmail || null, replyTo: form.replyTo || null }, { onSuccess: () => notifySuccess('Campaign saved') });
  };
  const text = (k: 'name' | 'subject' | 'preheader' | 'fromName' | 'fromEmail' | 'replyTo', label: string, description?: string) => (
    <TextInput label={label} description={description} value={(form[k] as string) ?? ''} onChange={(e) => set(k, e.currentTarget.value)} error={errors.field(k)} disabled={!editable} styles={READABLE_HELP} data-testid={`campaign-${k}`} />
  );
  return (
    <>
      <PageHeader title={c.name} actions={<><Badge size="lg" variant="dot" color={STATUS_COLOR[c.status]} data-testid="campaign-status">{c.status}</Badge>
        {c.status !== 'draft' && c.status !== 'scheduled' && <Anchor href={`/campaigns/${c.id}/report`} fz="sm">Report</Anchor>}</>} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <form onSubmit={submit} noValidate>
            <Stack gap="md">
              <Paper withBorder p="md" radius="md">
                <Title order={3} fz="md" mb="sm">Message</Title>
                <Stack gap="sm">
                  {text('name', 'Name')}
                  {text('subject', 'Subject', 'Liquid works here: {{ contact.first_name | default: "there" }}')}
                  {text('preheader', 'Preheader', 'The preview line under the subject in the inbox')}
                  <Group grow align="flex-start">{text('fromName', 'From name')}{text('fromEmail', 'From address', 'On a verified sending domain')}</Group>
                  {text('replyTo', 'Reply-to (optional)')}
                  <Select label="Template" data={templateOptions(templates.data ?? [], form.templateId)} value={form.templateId ? String(form.templateId) : null}
                    onChange={(v) => set('templateId', v ? Number(v) : null)} disabled={!editable} searchable error={errors.field('templateId')} description={templates.error ? 'The template list could not be loaded' : undefined} styles={READABLE_HELP} data-testid="campaign-template" />
                </Stack>
              </Paper>
              <AudiencePicker value={form} onChange={(a) => setForm({ ...form, ...a })} disabled={!editable} errors={errors.byPath} />
              <FormErrorAlert errors={errors} mt={0} />
              {editable && <Group justify="flex-end"><Button type="submit" loading={save.isPending} data-testid="campaign-save">Save</Button></Group>}
            </Stack>
          </form>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="md">
            <ChecklistPanel checklist={checklist.data} loading={checklist.isFetching} error={checklist.error} />
            <SendPanel campaign={c} ready={!!checklist.data?.ready} />
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}
