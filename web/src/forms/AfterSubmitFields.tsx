import { Paper, SegmentedControl, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';

export type AfterSubmit = 'message' | 'redirect';

/** The consent wording shown beside the button, and what happens after a sign-up: a thank-you message or a redirect. */
export function AfterSubmitFields({ consentText, setConsentText, after, setAfter, successMessage, setSuccessMessage, defaultMessage, redirectUrl, setRedirectUrl, errors, readOnly }: {
  consentText: string;
  setConsentText: (v: string) => void;
  after: AfterSubmit;
  setAfter: (v: AfterSubmit) => void;
  successMessage: string;
  setSuccessMessage: (v: string) => void;
  defaultMessage: string;
  redirectUrl: string;
  setRedirectUrl: (v: string) => void;
  errors: Record<string, string>;
  readOnly: boolean;
}) {
  return (
    <Paper withBorder radius="md" p="md">
      <Stack gap="sm">
        <Title order={4}>Consent and thank-you</Title>
        <Textarea label="Consent text" required autosize minRows={2} readOnly={readOnly} value={consentText} error={errors.consentText}
          description="Shown above the button and stored word for word with every sign-up, as proof of what the person agreed to."
          data-testid="form-consent-text" onChange={(e) => setConsentText(e.currentTarget.value)} />
        <Stack gap={4}>
          <Text fz="sm" fw={500}>After signing up</Text>
          <SegmentedControl value={after} readOnly={readOnly} onChange={(v) => setAfter(v as AfterSubmit)} data-testid="form-after"
            data={[{ value: 'message', label: 'Show a message' }, { value: 'redirect', label: 'Go to a page' }]} />
        </Stack>
        {after === 'message' ? (
          <Textarea label="Thank-you message" autosize minRows={2} readOnly={readOnly} value={successMessage} error={errors.successMessage}
            placeholder={defaultMessage} description="Leave empty for the wording shown as a placeholder."
            data-testid="form-success-message" onChange={(e) => setSuccessMessage(e.currentTarget.value)} />
        ) : (
          <TextInput label="Redirect URL" placeholder="https://example.com/thanks" readOnly={readOnly} value={redirectUrl} error={errors.redirectUrl}
            description="An absolute http(s) address on your site." data-testid="form-redirect-url" onChange={(e) => setRedirectUrl(e.currentTarget.value)} />
        )}
      </Stack>
    </Paper>
  );
}
