import { Alert, Anchor, Badge, Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconEye } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import type { MailingList } from '../lists/api';
import type { FormField } from './api';

/** Drawn as the server draws it (src/modules/forms/form-html.ts): every field a one-line input, custom fields as text. */
function PreviewField({ field }: { field: FormField }) {
  const type = field.key === 'email' ? 'email' : field.key === 'phone' ? 'tel' : 'text';
  return <TextInput label={field.label || field.key} required={field.required} type={type} />;
}

/** What a visitor sees, updated as the form is edited; submitting it here shows the thank-you step and sends nothing. */
export function FormPreview({ name, fields, lists, consentText, successMessage, redirectUrl, enabled }: {
  name: string;
  fields: FormField[];
  lists: MailingList[];
  consentText: string;
  successMessage: string;
  redirectUrl: string | null;
  enabled: boolean;
}) {
  const [submitted, setSubmitted] = useState(false);
  const submit = (e: FormEvent) => { e.preventDefault(); setSubmitted(true); };
  return (
    <Paper withBorder radius="md" p="md" data-testid="form-preview">
      <Group justify="space-between" mb="sm">
        <Group gap={6}><IconEye size={16} /><Text fz="sm" fw={600}>Preview</Text></Group>
        {!enabled && <Badge color="gray" variant="light">Disabled: sign-ups are refused</Badge>}
      </Group>
      <Paper radius="md" p="lg" bg="gray.0">
        {submitted ? (
          <Stack gap="sm" data-testid="form-preview-thanks">
            {redirectUrl ? <Text fz="sm">The visitor is sent to <Anchor href={redirectUrl} target="_blank" rel="noreferrer">{redirectUrl}</Anchor>.</Text>
              : <Text fz="sm" style={{ whiteSpace: 'pre-wrap' }}>{successMessage}</Text>}
            <Button variant="default" size="xs" onClick={() => setSubmitted(false)} w="fit-content">Back to the form</Button>
          </Stack>
        ) : (
          <form onSubmit={submit} noValidate>
            <Stack gap="sm">
              <Title order={3} fz="h4">{name.trim() || 'Sign up'}</Title>
              {lists.map((l) => (
                <Text key={l.id} fz="sm"><b>{l.publicName || l.name}</b>{l.publicDescription ? ` — ${l.publicDescription}` : ''}</Text>
              ))}
              {fields.map((f) => <PreviewField key={f.key} field={f} />)}
              {consentText.trim() && <Text fz="xs" c="dimmed" style={{ whiteSpace: 'pre-wrap' }} data-testid="form-preview-consent">{consentText}</Text>}
              <Button type="submit">Subscribe</Button>
            </Stack>
          </form>
        )}
      </Paper>
      {lists.some((l) => l.optInMode === 'double') && !submitted && (
        <Alert color="blue" p="xs" mt="sm"><Text fz="xs">Double opt-in: sign-ups get a confirmation email and join once they click its link.</Text></Alert>
      )}
    </Paper>
  );
}
