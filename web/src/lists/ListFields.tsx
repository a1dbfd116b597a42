import { Divider, SegmentedControl, Stack, Text, Textarea, TextInput } from '@mantine/core';
import type { ListInput, ListPurpose, MailingList, OptInMode } from './api';

/** The list form's state: every field a string so inputs stay controlled. */
export interface ListFormState {
  name: string;
  description: string;
  purpose: ListPurpose;
  optInMode: OptInMode;
  publicName: string;
  publicDescription: string;
  senderName: string;
}

export function toListForm(l?: MailingList): ListFormState {
  return {
    name: l?.name ?? '',
    description: l?.description ?? '',
    purpose: l?.purpose ?? 'marketing',
    optInMode: l?.optInMode ?? 'single',
    publicName: l?.publicName ?? '',
    publicDescription: l?.publicDescription ?? '',
    senderName: l?.senderName ?? '',
  };
}

const orNull = (s: string) => s.trim() || null;

export function fromListForm(f: ListFormState): ListInput {
  return {
    name: f.name, description: orNull(f.description), purpose: f.purpose, optInMode: f.optInMode,
    publicName: orNull(f.publicName), publicDescription: orNull(f.publicDescription), senderName: orNull(f.senderName),
  };
}

const OPT_IN_HELP: Record<OptInMode, string> = {
  single: 'People are subscribed as soon as they sign up.',
  double: 'People get an email and are subscribed only once they click its link (needs SMTP_URL on the server).',
};

/** Name, purpose, opt-in mode and what the public sees; shared by the new-list modal and the list's details panel. */
export function ListFields({ form, onChange, errors, readOnly }: {
  form: ListFormState;
  onChange: (f: ListFormState) => void;
  errors: Record<string, string>;
  readOnly?: boolean;
}) {
  const set = <K extends keyof ListFormState>(k: K, v: ListFormState[K]) => onChange({ ...form, [k]: v });
  const text = (k: 'name' | 'publicName' | 'senderName') => ({
    value: form[k], error: errors[k], readOnly, onChange: (e: React.ChangeEvent<HTMLInputElement>) => set(k, e.currentTarget.value),
  });
  return (
    <Stack gap="sm">
      <TextInput label="Name" required data-autofocus {...text('name')} data-testid="list-name" />
      <Textarea label="Description" description="Only your team sees this." autosize minRows={2} value={form.description} error={errors.description}
        readOnly={readOnly} data-testid="list-description" onChange={(e) => set('description', e.currentTarget.value)} />
      <Stack gap={4}>
        <Text fz="sm" fw={500}>Purpose</Text>
        <SegmentedControl value={form.purpose} onChange={(v) => set('purpose', v as ListPurpose)} data-testid="list-purpose" readOnly={readOnly}
          data={[{ value: 'marketing', label: 'Marketing' }, { value: 'transactional', label: 'Transactional' }]} />
        <Text fz="xs" c={errors.purpose ? 'red' : 'dimmed'}>
          {errors.purpose ?? (form.purpose === 'marketing' ? 'Sends to this list need the contact’s consent.' : 'Service messages, such as receipts and account notices.')}
        </Text>
      </Stack>
      <Stack gap={4}>
        <Text fz="sm" fw={500}>Opt-in</Text>
        <SegmentedControl value={form.optInMode} onChange={(v) => set('optInMode', v as OptInMode)} data-testid="list-opt-in" readOnly={readOnly}
          data={[{ value: 'single', label: 'Single opt-in' }, { value: 'double', label: 'Double opt-in' }]} />
        <Text fz="xs" c={errors.optInMode ? 'red' : 'dimmed'} data-testid="list-opt-in-help" mod={{ error: !!errors.optInMode }}>{errors.optInMode ?? OPT_IN_HELP[form.optInMode]}</Text>
      </Stack>
      <Divider label="What subscribers see" labelPosition="left" />
      <TextInput label="Public name" description="Shown on sign-up forms and in the preference centre; the name is used when empty."
        {...text('publicName')} data-testid="list-public-name" />
      <Textarea label="Public description" autosize minRows={2} value={form.publicDescription} error={errors.publicDescription} readOnly={readOnly}
        data-testid="list-public-description" onChange={(e) => set('publicDescription', e.currentTarget.value)} />
      <TextInput label="Sender name" description="The “From” name of the confirmation email." placeholder="e.g. Acme Newsletter"
        {...text('senderName')} data-testid="list-sender-name" />
    </Stack>
  );
}
