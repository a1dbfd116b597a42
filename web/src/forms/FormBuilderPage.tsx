import { Breadcrumbs, Button, Grid, Group, MultiSelect, Paper, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { IconDeviceFloppy } from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useMe, usePermissions } from '../auth/api';
import { AnchorLink } from '../components/links';
import { PageHeader } from '../components/PageHeader';
import { QueryState } from '../components/QueryState';
import { FormErrorAlert } from '../components/FormErrorAlert';
import { formErrors } from '../lib/form-errors';
import { notifySuccess } from '../lib/notify';
import { useAllLists } from '../lists/api';
import { useCustomFields } from '../settings/api';
import { AfterSubmitFields, type AfterSubmit } from './AfterSubmitFields';
import { FORMS_WRITE, useForm, useSaveForm, type FormField, type SignupForm } from './api';
import { EmbedPanel } from './EmbedPanel';
import { FieldsEditor } from './FieldsEditor';
import { EMAIL_FIELD } from './fields';
import { FormPreview } from './FormPreview';

/** /forms/new and /forms/$id: loads the form, then hands it to the builder. */
export function FormBuilderPage({ id }: { id?: number }) {
  const form = useForm(id);
  if (id !== undefined && !form.data) return <QueryState isPending={form.isPending} error={form.error} refetch={form.refetch} />;
  return <FormBuilder key={id ?? 'new'} form={form.data} />;
}

function FormBuilder({ form }: { form?: SignupForm }) {
  const { can } = usePermissions();
  const workspace = (useMe().data?.workspace.name ?? 'us').replace(/\.+$/, '');
  const navigate = useNavigate();
  const lists = useAllLists();
  const custom = useCustomFields('contact');
  const save = useSaveForm(form?.id);
  const readOnly = !can(FORMS_WRITE);

  const [name, setName] = useState(form?.name ?? '');
  const [listIds, setListIds] = useState<string[]>(form?.listIds.map(String) ?? []);
  const [fields, setFields] = useState<FormField[]>(form?.fields ?? [EMAIL_FIELD]);
  const [consentText, setConsentText] = useState(form?.consentText ?? `Yes, I would like to receive emails from ${workspace}. I can unsubscribe at any time with the link in every email.`);
  const [after, setAfter] = useState<AfterSubmit>(form?.redirectUrl ? 'redirect' : 'message');
  const [successMessage, setSuccessMessage] = useState(form?.successMessage ?? '');
  const [redirectUrl, setRedirectUrl] = useState(form?.redirectUrl ?? '');
  const [enabled, setEnabled] = useState(form?.enabled ?? true);
  const errors = formErrors(save.error, ['name', 'listIds', 'fields', 'consentText', 'successMessage', 'redirectUrl', 'enabled']);
  // A server message stays beside its field until the next edit, not until the next save.
  const { reset } = save;
  useEffect(() => reset(), [reset, name, listIds, fields, consentText, after, successMessage, redirectUrl, enabled]);

  const chosen = (lists.data ?? []).filter((l) => listIds.includes(String(l.id)));
  // The server's own wording when no message is set (src/modules/public/form-submit.ts).
  const defaultMessage = chosen.some((l) => l.optInMode === 'double') ? 'Almost done: check your inbox and confirm your subscription.' : 'Thank you, you are subscribed.';
  const listOptions = (lists.data ?? []).map((l) => ({ value: String(l.id), label: `${l.name}${l.optInMode === 'double' ? ' (double opt-in)' : ''}` }));
  const onSave = () => save.mutate({
    name: name.trim(), listIds: listIds.map(Number), fields, consentText: consentText.trim(), enabled,
    successMessage: after === 'message' ? successMessage.trim() || null : null,
    redirectUrl: after === 'redirect' ? redirectUrl.trim() || null : null,
  }, {
    onSuccess: (f) => {
      notifySuccess(form ? 'Form saved' : `Form “${f.name}” created`);
      if (!form) navigate({ to: '/forms/$id', params: { id: String(f.id) }, replace: true });
    },
  });

  return (
    <>
      <PageHeader
        above={<Breadcrumbs><AnchorLink to="/forms" fz="sm">Forms</AnchorLink><Text fz="sm">{form?.name ?? 'New form'}</Text></Breadcrumbs>}
        title={<span data-testid="form-title">{form?.name ?? 'New form'}</span>}
        description={form ? `${form.submissions.toLocaleString()} sign-ups so far` : 'Choose the lists, the fields and the wording; the preview follows along.'}
        actions={!readOnly && (
          <Button leftSection={<IconDeviceFloppy size={16} />} onClick={onSave} loading={save.isPending} data-testid="form-save">
            {form ? 'Save' : 'Create form'}
          </Button>
        )} />
      <FormErrorAlert errors={errors} mt={0} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="md">
            <Paper withBorder radius="md" p="md">
              <Stack gap="sm">
                <Title order={4}>Form</Title>
                <TextInput label="Name" required description="The title of the hosted page, above the lists’ public names." value={name} readOnly={readOnly}
                  error={errors.field('name')} data-testid="form-name" onChange={(e) => setName(e.currentTarget.value)} />
                <MultiSelect label="Lists" required placeholder={listIds.length ? undefined : 'Choose lists'} data={listOptions} value={listIds}
                  onChange={setListIds} readOnly={readOnly} searchable error={errors.field('listIds')} data-testid="form-lists" hidePickedOptions
                  nothingFoundMessage={lists.isPending ? 'Loading…' : 'No lists: create one first'} />
                <Switch label="Enabled: accepting sign-ups" checked={enabled} disabled={readOnly} data-testid="form-enabled"
                  onChange={(e) => setEnabled(e.currentTarget.checked)} />
              </Stack>
            </Paper>
            <FieldsEditor fields={fields} onChange={setFields} custom={custom.data} errors={errors.byPath} readOnly={readOnly} />
            <AfterSubmitFields {...{ consentText, setConsentText, after, setAfter, successMessage, setSuccessMessage, defaultMessage, redirectUrl, setRedirectUrl, errors: errors.byPath, readOnly }} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="md" style={{ position: 'sticky', top: 72 }}>
            <FormPreview name={name} fields={fields} lists={chosen} consentText={consentText} successMessage={successMessage.trim() || defaultMessage} enabled={enabled}
              redirectUrl={after === 'redirect' ? redirectUrl.trim() || null : null} />
            {form ? <EmbedPanel formId={form.id} /> : <Group><Text fz="sm" c="dimmed">Save the form to get its link and embed snippets.</Text></Group>}
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}
