import { Button, Group } from '@mantine/core';

/** A modal form's footer: Cancel, then the submit button (which the form's Enter key also presses). */
export function ModalActions({ onCancel, submitLabel, loading, testId }: { onCancel: () => void; submitLabel: string; loading: boolean; testId: string }) {
  return (
    <Group justify="flex-end">
      <Button variant="default" onClick={onCancel}>Cancel</Button>
      <Button type="submit" loading={loading} data-testid={testId}>{submitLabel}</Button>
    </Group>
  );
}
