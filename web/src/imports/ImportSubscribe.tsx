import { Alert, Paper, Select, Stack, Switch } from '@mantine/core';
import { usePermissions } from '../auth/api';
import { LISTS_WRITE, useAllLists } from '../lists/api';
import { ConsentDeclarationFields, declarationBody, emptyDeclaration, type DeclarationDraft } from '../lists/ConsentDeclarationFields';

export interface SubscribeDraft {
  enabled: boolean;
  listId: string | null;
  declaration: DeclarationDraft;
}
export const emptySubscribe = (): SubscribeDraft => ({ enabled: false, listId: null, declaration: emptyDeclaration('import') });

/** The `subscribe` part of POST /imports/{id}/start (src/modules/imports/import-consent.ts), or nothing. */
export function subscribeBody(s: SubscribeDraft) {
  if (!s.enabled) return undefined;
  const { lawfulBasis, proof, textShown } = declarationBody(s.declaration);
  return { listId: Number(s.listId), lawfulBasis, proof, textShown };
}

/** Optionally subscribes the imported rows to a list, which needs the consent declared for them. */
export function ImportSubscribe({ value, onChange, errors }: { value: SubscribeDraft; onChange: (v: SubscribeDraft) => void; errors: Record<string, string> }) {
  const { can } = usePermissions();
  const lists = useAllLists(can(LISTS_WRITE));
  if (!can(LISTS_WRITE)) return null;
  const list = lists.data?.find((l) => String(l.id) === value.listId);
  return (
    <Paper withBorder radius="md" p="md">
      <Stack gap="sm">
        <Switch label="Also subscribe these contacts to a list" checked={value.enabled} data-testid="import-subscribe"
          onChange={(e) => onChange({ ...value, enabled: e.currentTarget.checked })} />
        {value.enabled && (
          <>
            <Select label="List" required placeholder="Choose a list" value={value.listId} searchable error={errors['subscribe.listId']} data-testid="import-subscribe-list"
              data={(lists.data ?? []).map((l) => ({ value: String(l.id), label: `${l.name}${l.optInMode === 'double' ? ' (double opt-in)' : ''}` }))}
              onChange={(v) => onChange({ ...value, listId: v })} />
            {list?.optInMode === 'double' && (
              <Alert color="blue" p="xs">Double opt-in: the rows become pending and are sent confirmation emails, a few per minute.</Alert>
            )}
            <ConsentDeclarationFields value={value.declaration} onChange={(declaration) => onChange({ ...value, declaration })} errors={errors} prefix="subscribe" />
          </>
        )}
      </Stack>
    </Paper>
  );
}
