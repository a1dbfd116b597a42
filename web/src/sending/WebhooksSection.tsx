import { Badge, Button, Card, Code, Group, PasswordInput, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { QueryState } from '../components/QueryState';
import { ApiError } from '../lib/http';
import { notifySuccess } from '../lib/notify';
import { useClearWebhookVerification, useEmailWebhooks, useSetWebhookVerification, type EmailWebhook, type WebhookProvider, type WebhookVerification } from './api';

const NAME: Record<WebhookProvider, string> = { ses: 'Amazon SES (SNS)', sendgrid: 'SendGrid', postmark: 'Postmark', mailgun: 'Mailgun' };
// Outline in a dark shade (4.5:1 on white: teal.9, gray.7; green.9 and orange.9 fall short): the
// light variant with a shade paints its text the colour of its background.
const PROOF: Record<EmailWebhook['verifiedBy'], { label: string; color: string }> = {
  signature: { label: 'Signature checked', color: 'teal.9' },
  'basic-auth': { label: 'Basic auth checked', color: 'teal.9' },
  'url-secret': { label: 'Secret URL only', color: 'gray.7' },
};
// What each provider's console gives to check its calls (the API refuses other fields).
const FIELDS: Record<WebhookProvider, { key: keyof WebhookVerification; label: string; secret?: boolean; long?: boolean }[]> = {
  ses: [{ key: 'topicArn', label: 'Accept only this SNS topic ARN' }],
  sendgrid: [{ key: 'publicKey', label: 'Verification key (Event Webhook, signed)', long: true }],
  mailgun: [{ key: 'signingKey', label: 'HTTP webhook signing key', secret: true }],
  postmark: [{ key: 'username', label: 'Basic auth user name' }, { key: 'password', label: 'Basic auth password', secret: true }],
};

function WebhookCard({ hook }: { hook: EmailWebhook }) {
  const save = useSetWebhookVerification();
  const clear = useClearWebhookVerification();
  const [input, setInput] = useState<WebhookVerification>({});
  const errors = save.error instanceof ApiError ? save.error.fieldErrors() : {};
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ provider: hook.provider, input }, { onSuccess: () => { setInput({}); notifySuccess(`${NAME[hook.provider]}: calls are now checked`); } });
  };
  const proof = PROOF[hook.verifiedBy];
  return (
    <Card withBorder data-testid={`webhook-${hook.provider}`}>
      <Group justify="space-between" mb="xs">
        <Title order={3} fz="h5">{NAME[hook.provider]}</Title>
        <Badge color={proof.color} variant="outline">{proof.label}</Badge>
      </Group>
      <Text fz="sm">Webhook URL (it holds a secret: paste it only into {NAME[hook.provider]}):</Text>
      <Code block tabIndex={0} mb="sm" style={{ wordBreak: 'break-all' }}>{hook.url}</Code>
      <form onSubmit={submit}>
        <Stack gap="xs">
          {FIELDS[hook.provider].map((f) => {
            const common = { label: f.label, value: input[f.key] ?? '', error: errors[f.key], onChange: (e: { currentTarget: { value: string } }) => setInput({ ...input, [f.key]: e.currentTarget.value }) };
            const shown = f.key === 'publicKey' ? hook.publicKey : f.key === 'username' ? hook.username : f.key === 'topicArn' ? hook.topicArn : null;
            const description = f.secret ? (hook.hasSecret ? 'Stored encrypted; type a new one to replace it' : undefined) : shown ? `Now: ${shown.length > 60 ? `${shown.slice(0, 60)}…` : shown}` : undefined;
            return f.secret ? <PasswordInput key={f.key} {...common} description={description} />
              : f.long ? <Textarea key={f.key} {...common} description={description} autosize minRows={2} />
                : <TextInput key={f.key} {...common} description={description} />;
          })}
          <Group justify="flex-end">
            {hook.provider !== 'ses' && hook.verifiedBy !== 'url-secret' && (
              <Button variant="subtle" color="red" loading={clear.isPending} onClick={() => clear.mutate(hook.provider, { onSuccess: () => notifySuccess(`${NAME[hook.provider]}: secret URL only`) })}>Stop checking</Button>
            )}
            <Button type="submit" variant="light" loading={save.isPending}>Turn on check</Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

/** Where providers that send for you report bounces and complaints, and how their calls are proven. */
export function WebhooksSection() {
  const hooks = useEmailWebhooks();
  return (
    <Stack>
      <Title order={2} fz="h4">Bounce and complaint webhooks</Title>
      <Text fz="sm">Sending through Amazon SES, SendGrid, Postmark or Mailgun? Give it its URL below. Amazon SNS messages are always signature-checked; for the others, add the key they show to refuse calls that are not theirs.</Text>
      <QueryState isPending={hooks.isPending} error={hooks.error} refetch={hooks.refetch} />
      {hooks.data?.data.map((h) => <WebhookCard key={h.provider} hook={h} />)}
    </Stack>
  );
}
