import { Alert, Badge, Button, Card, Code, Group, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { IconCheck, IconPlus, IconRefresh, IconX } from '@tabler/icons-react';
import { useEffect, useState, type FormEvent } from 'react';
import { PageHeader } from '../components/PageHeader';
import { QueryState } from '../components/QueryState';
import { RowDeleteAction } from '../components/RowDeleteAction';
import { singleFieldError } from '../lib/form-errors';
import { notifySuccess } from '../lib/notify';
import { AccountModal } from './AccountModal';
import { WebhooksSection } from './WebhooksSection';
import { useAccounts, useAddDomain, useCheckDomain, useDeleteAccount, useDeleteDomain, useDomains, usePostalAddress, useSavePostalAddress, type SendingDomain } from './api';

const KIND_LABEL = { dkim: 'DKIM', spf: 'SPF', dmarc: 'DMARC' } as const;

function PostalAddressCard() {
  const current = usePostalAddress();
  const save = useSavePostalAddress();
  const [value, setValue] = useState('');
  useEffect(() => setValue(current.data?.postalAddress ?? ''), [current.data]);
  return (
    <Card withBorder>
      <Title order={2} fz="h4">Postal address</Title>
      <Text fz="sm" mb="sm">Printed in the footer of every marketing email; campaigns are blocked without it.</Text>
      <form onSubmit={(e) => { e.preventDefault(); save.mutate(value.trim() || null, { onSuccess: () => notifySuccess('Postal address saved') }); }}>
        <Group align="flex-end">
          <Textarea label="Postal address" value={value} onChange={(e) => setValue(e.currentTarget.value)} autosize minRows={2} style={{ flex: 1 }} data-testid="postal-address" />
          <Button type="submit" loading={save.isPending}>Save</Button>
        </Group>
      </form>
    </Card>
  );
}

function DomainCard({ domain }: { domain: SendingDomain }) {
  const check = useCheckDomain();
  const remove = useDeleteDomain();
  return (
    <Card withBorder data-testid="domain-card">
      <Group justify="space-between" mb="sm">
        <Group gap="xs">
          <Title order={3} fz="h5">{domain.domain}</Title>
          <Badge color={domain.verified ? 'teal.9' : 'red.9'} variant="outline">{domain.verified ? 'Verified' : 'Not verified'}</Badge>
        </Group>
        <Group gap="xs">
          <Button size="xs" variant="light" leftSection={<IconRefresh size={14} />} loading={check.isPending} onClick={() => check.mutate(domain.id)}>Check DNS</Button>
          <RowDeleteAction label={`Remove ${domain.domain}`} testId="domain-delete" loading={remove.isPending} onClick={() => remove.mutate(domain.id)} />
        </Group>
      </Group>
      <Text fz="sm" mb="xs">Publish these TXT records at your DNS provider, then check:</Text>
      <Table withTableBorder layout="fixed">
        <Table.Thead><Table.Tr><Table.Th w={90}>Record</Table.Th><Table.Th w="30%">Name</Table.Th><Table.Th>Value</Table.Th><Table.Th w={150}>Status</Table.Th></Table.Tr></Table.Thead>
        <Table.Tbody>
          {domain.records.map((r) => (
            <Table.Tr key={r.kind} data-testid={`record-${r.kind}`}>
              <Table.Td>{KIND_LABEL[r.kind]}</Table.Td>
              <Table.Td><Code style={{ wordBreak: 'break-all' }}>{r.name}</Code></Table.Td>
              <Table.Td><Code block tabIndex={0} style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>{r.value}</Code></Table.Td>
              <Table.Td>
                {r.check === null ? <Text fz="sm">Not checked</Text> : r.check.ok
                  ? <Badge color="teal.9" variant="outline" leftSection={<IconCheck size={12} />}>Pass</Badge>
                  : <Stack gap={2}><Badge color="red.9" variant="outline" leftSection={<IconX size={12} />}>Fail</Badge><Text fz="xs">{r.check.error}</Text></Stack>}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}

function DomainsSection() {
  const domains = useDomains();
  const add = useAddDomain();
  const [name, setName] = useState('');
  const error = singleFieldError(add.error, 'domain');
  const submit = (e: FormEvent) => { e.preventDefault(); add.mutate(name.trim(), { onSuccess: (d) => { setName(''); notifySuccess(`Domain ${d.domain} added with a new DKIM key`); } }); };
  return (
    <Stack>
      <Title order={2} fz="h4">Sending domains</Title>
      <form onSubmit={submit}>
        <Group align="flex-start">
          <TextInput label="Domain" placeholder="news.example.com" value={name} onChange={(e) => setName(e.currentTarget.value)} error={error} data-testid="domain-input" />
          <Button type="submit" mt={25} leftSection={<IconPlus size={16} />} loading={add.isPending}>Add domain</Button>
        </Group>
      </form>
      <QueryState isPending={domains.isPending} error={domains.error} refetch={domains.refetch} />
      {domains.data && (domains.data.data.length === 0
        ? <Alert color="blue">Add the domain you send from; Rapport generates its DKIM key.</Alert>
        : domains.data.data.map((x) => <DomainCard key={x.id} domain={x} />))}
    </Stack>
  );
}

function AccountsSection() {
  const accounts = useAccounts();
  const remove = useDeleteAccount();
  const [adding, setAdding] = useState(false);
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2} fz="h4">SMTP accounts</Title>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)} data-testid="account-add">Add account</Button>
      </Group>
      <QueryState isPending={accounts.isPending} error={accounts.error} refetch={accounts.refetch} />
      {accounts.data && (
          <Table withTableBorder>
            <Table.Thead><Table.Tr><Table.Th>Name</Table.Th><Table.Th>Server</Table.Th><Table.Th>Security</Table.Th><Table.Th>Per second</Table.Th><Table.Th>From domain</Table.Th><Table.Th>Weight</Table.Th><Table.Th /></Table.Tr></Table.Thead>
            <Table.Tbody>
              {accounts.data.data.map((x) => (
                <Table.Tr key={x.id}>
                  <Table.Td>{x.name} {!x.enabled && <Badge color="gray">Off</Badge>}</Table.Td>
                  <Table.Td>{x.host}:{x.port}</Table.Td>
                  <Table.Td>{x.security}</Table.Td>
                  <Table.Td>{x.maxPerSecond}</Table.Td>
                  <Table.Td>{x.fromDomain ?? 'Any'}</Table.Td>
                  <Table.Td>{x.weight}</Table.Td>
                  <Table.Td><RowDeleteAction label={`Remove ${x.name}`} testId="account-delete" loading={remove.isPending} onClick={() => remove.mutate(x.id)} /></Table.Td>
                </Table.Tr>
              ))}
              {accounts.data.data.length === 0 && <Table.Tr><Table.Td colSpan={7}>No SMTP account yet.</Table.Td></Table.Tr>}
            </Table.Tbody>
          </Table>
      )}
      <AccountModal opened={adding} onClose={() => setAdding(false)} />
    </Stack>
  );
}

export function SendingPage() {
  return (
    <>
      <PageHeader title="Sending" />
      <Stack gap="xl">
        <AccountsSection />
        <DomainsSection />
        <PostalAddressCard />
        <WebhooksSection />
      </Stack>
    </>
  );
}
