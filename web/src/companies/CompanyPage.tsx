import { Avatar, Breadcrumbs, Grid, Group, Paper, Stack, Text } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';
import { ActivitiesPanel } from '../activities/ActivitiesPanel';
import { NotesPanel } from '../activity/NotesPanel';
import { TimelinePanel } from '../activity/TimelinePanel';
import { usePermissions } from '../auth/api';
import { ConfirmButton } from '../components/ConfirmButton';
import { RelatedDeals } from '../deals/RelatedDeals';
import { AnchorLink } from '../components/links';
import { PageHeader } from '../components/PageHeader';
import { QueryState } from '../components/QueryState';
import { TagsEditor } from '../components/TagsEditor';
import { formatDateTime } from '../lib/format';
import { notifySuccess } from '../lib/notify';
import { useCompany, useCompanyTags, useDeleteCompany } from './api';
import { CompanyContacts } from './CompanyContacts';
import { CompanyForm } from './CompanyForm';

export function CompanyPage({ id }: { id: number }) {
  const { can } = usePermissions();
  const navigate = useNavigate();
  const company = useCompany(id);
  const tags = useCompanyTags(id);
  const del = useDeleteCompany();
  const c = company.data;
  if (!c) return <QueryState isPending={company.isPending} error={company.error} refetch={company.refetch} />;

  const onDelete = () => del.mutate(id, { onSuccess: () => { notifySuccess('Company deleted'); navigate({ to: '/companies' }); } });
  return (
    <>
      <PageHeader
        above={<Breadcrumbs><AnchorLink to="/companies" fz="sm">Companies</AnchorLink><Text fz="sm">{c.name}</Text></Breadcrumbs>}
        title={<Group gap="sm" wrap="nowrap"><Avatar color="grape" radius="md">{c.name.slice(0, 1).toUpperCase()}</Avatar><span data-testid="company-title">{c.name}</span></Group>}
        description={[c.industry, c.domain, `${c.contactCount ?? 0} contacts`].filter(Boolean).join(' · ')}
        actions={can('companies:delete') && (
          <ConfirmButton color="red" variant="light" leftSection={<IconTrash size={16} />} loading={del.isPending} testId="company-delete"
            title="Delete company" message={`Delete ${c.name}? Its contacts are kept.`} confirmLabel="Delete" onConfirm={onDelete}>
            Delete
          </ConfirmButton>
        )}
      />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="md">
            <CompanyForm company={c} readOnly={!can('companies:write')} />
            <Paper withBorder radius="md" p="md">
              <TagsEditor tags={c.tags} add={tags.add} remove={tags.remove} readOnly={!can('companies:write')} />
              <Text fz="xs" c="dimmed" mt="md">Created {formatDateTime(c.createdAt)} · Updated {formatDateTime(c.updatedAt)}</Text>
            </Paper>
            <CompanyContacts id={id} />
            <RelatedDeals companyId={id} />
            <ActivitiesPanel links={{ companyId: id }} />
            <NotesPanel kind="companies" id={id} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <TimelinePanel kind="companies" id={id} />
        </Grid.Col>
      </Grid>
    </>
  );
}
