import { Anchor, Avatar, Breadcrumbs, Grid, Group, Paper, Stack, Text } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';
import { ActivitiesPanel } from '../activities/ActivitiesPanel';
import { NotesPanel } from '../activity/NotesPanel';
import { TimelinePanel } from '../activity/TimelinePanel';
import { usePermissions } from '../auth/api';
import { ConfirmButton } from '../components/ConfirmButton';
import { RelatedDeals } from '../deals/RelatedDeals';
import { ContactOrdersPanel } from '../orders/ContactOrdersPanel';
import { AnchorLink } from '../components/links';
import { PageHeader } from '../components/PageHeader';
import { QueryState } from '../components/QueryState';
import { TagsEditor } from '../components/TagsEditor';
import { formatDateTime } from '../lib/format';
import { notifySuccess } from '../lib/notify';
import { GdprMenu } from '../gdpr/GdprMenu';
import { ContactConsentPanel } from '../lists/ContactConsentPanel';
import { WebActivityPanel } from '../events/WebActivityPanel';
import { useContact, useContactTags, useDeleteContact } from './api';
import { ContactForm } from './ContactForm';

export function ContactPage({ id }: { id: number }) {
  const { can } = usePermissions();
  const navigate = useNavigate();
  const contact = useContact(id);
  const tags = useContactTags(id);
  const del = useDeleteContact();
  const c = contact.data;
  if (!c) return <QueryState isPending={contact.isPending} error={contact.error} refetch={contact.refetch} />;

  const name = c.fullName || [c.firstName, c.lastName].filter(Boolean).join(' ') || c.email || `Contact #${c.id}`;
  const onDelete = () =>
    del.mutate(id, { onSuccess: () => { notifySuccess('Contact deleted'); navigate({ to: '/contacts' }); } });

  return (
    <>
      <PageHeader
        above={<Breadcrumbs><AnchorLink to="/contacts" fz="sm">Contacts</AnchorLink><Text fz="sm">{name}</Text></Breadcrumbs>}
        title={
          <Group gap="sm" wrap="nowrap">
            <Avatar color="indigo" radius="xl">{name.slice(0, 1).toUpperCase()}</Avatar>
            <span data-testid="contact-title">{name}</span>
          </Group>
        }
        description={[c.jobTitle, c.company?.name].filter(Boolean).join(' · ') || undefined}
        actions={<>
          <GdprMenu contact={{ id, email: c.email, name }} />
          {can('contacts:delete') && (
          <ConfirmButton color="red" variant="light" leftSection={<IconTrash size={16} />} loading={del.isPending} testId="contact-delete"
            title="Delete contact" message={`Delete ${name}? This cannot be undone.`} confirmLabel="Delete" onConfirm={onDelete}>
            Delete
          </ConfirmButton>
          )}
        </>}
      />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="md">
            <ContactForm contact={c} readOnly={!can('contacts:write')} />
            <Paper withBorder radius="md" p="md">
              <TagsEditor tags={c.tags} add={tags.add} remove={tags.remove} readOnly={!can('contacts:write')} />
              {(c.secondaryEmails?.length || c.secondaryPhones?.length) ? (
                <Text fz="sm" mt="md" data-testid="contact-secondaries">
                  <b>Also reachable at</b> (kept from merges, not used for sending): {[...(c.secondaryEmails ?? []), ...(c.secondaryPhones ?? [])].join(', ')}
                </Text>
              ) : null}
              <Text fz="xs" c="dimmed" mt="md">
                Created {formatDateTime(c.createdAt)} · Updated {formatDateTime(c.updatedAt)}
                {c.company && <> · <Anchor fz="xs" onClick={() => navigate({ to: '/companies/$id', params: { id: String(c.company!.id) } })}>Open company</Anchor></>}
              </Text>
            </Paper>
            <RelatedDeals contactId={id} />
            <ContactOrdersPanel contactId={id} />
            <ContactConsentPanel contactId={id} />
            <ActivitiesPanel links={{ contactId: id }} />
            <NotesPanel kind="contacts" id={id} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="md">
            <TimelinePanel kind="contacts" id={id} />
            <WebActivityPanel contactId={id} />
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}
