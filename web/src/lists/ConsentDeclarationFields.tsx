import { Select, SimpleGrid, Stack, Text, Textarea } from '@mantine/core';
import type { ConsentDeclaration, LawfulBasis } from './api';
import { LAWFUL_BASES } from './consentLabels';

export interface DeclarationDraft {
  source: ConsentDeclaration['source'];
  lawfulBasis: LawfulBasis;
  proof: string;
  textShown: string;
}
export const emptyDeclaration = (source: ConsentDeclaration['source']): DeclarationDraft => ({ source, lawfulBasis: 'consent', proof: '', textShown: '' });

const SOURCES: { value: ConsentDeclaration['source']; label: string }[] = [
  { value: 'admin', label: 'Given to our team' },
  { value: 'import', label: 'From another system' },
  { value: 'api', label: 'Through an integration' },
];

/**
 * How consent was obtained for people the workspace adds itself (by hand or by import): kept on each
 * ledger row as the proof GDPR Art. 7(1) asks for. `prefix` is where the server names the fields
 * ("consent" → "consent.proof"); the source is asked only when `withSource`.
 */
export function ConsentDeclarationFields({ value, onChange, errors, prefix, withSource }: {
  value: DeclarationDraft;
  onChange: (v: DeclarationDraft) => void;
  errors: Record<string, string>;
  prefix: string;
  withSource?: boolean;
}) {
  const err = (k: string) => errors[`${prefix}.${k}`];
  const basis = (
    <Select label="Lawful basis" value={value.lawfulBasis} data={LAWFUL_BASES} allowDeselect={false} error={err('lawfulBasis')}
      data-testid="consent-basis" onChange={(v) => v && onChange({ ...value, lawfulBasis: v as LawfulBasis })} />
  );
  return (
    <Stack gap="xs" data-testid="consent-declaration">
      <Text fz="sm" fw={600}>Consent declaration</Text>
      <Text fz="xs" c={errors[prefix] ? 'red' : 'dimmed'}>
        {errors[prefix] ?? 'Marketing lists may only hold people who agreed to it. Say how they did; it is kept in each contact’s consent history.'}
      </Text>
      {withSource ? (
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs">
          <Select label="Source" value={value.source} data={SOURCES} allowDeselect={false} error={err('source')} data-testid="consent-source"
            onChange={(v) => v && onChange({ ...value, source: v as ConsentDeclaration['source'] })} />
          {basis}
        </SimpleGrid>
      ) : basis}
      <Textarea label="Proof" required autosize minRows={2} error={err('proof')} data-testid="consent-proof"
        placeholder="Where and when they agreed, e.g. “Paper sign-up sheet at the Lyon trade fair, 3 Nov 2026”"
        value={value.proof} onChange={(e) => onChange({ ...value, proof: e.currentTarget.value })} />
      <Textarea label="Text shown" autosize minRows={2} error={err('textShown')} data-testid="consent-text-shown"
        placeholder="The wording they agreed to (optional)" value={value.textShown}
        onChange={(e) => onChange({ ...value, textShown: e.currentTarget.value })} />
    </Stack>
  );
}

/** The declaration as the API takes it (trimmed, optional text left out). */
export const declarationBody = (d: DeclarationDraft) => ({ ...d, proof: d.proof.trim(), textShown: d.textShown.trim() || undefined });

/** Field paths this component shows, so a form knows which server errors are already beside a field. */
export const declarationPaths = (prefix: string) => [prefix, ...['source', 'lawfulBasis', 'proof', 'textShown'].map((k) => `${prefix}.${k}`)];
