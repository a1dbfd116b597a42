import { Button, Group, Modal, Text, type ButtonProps } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { ReactNode } from 'react';

/** A button that asks before doing something destructive. */
export function ConfirmButton({ children, title, message, confirmLabel = 'Confirm', onConfirm, loading, testId, ...buttonProps }: ButtonProps & {
  children: ReactNode;
  title: string;
  message: ReactNode;
  confirmLabel?: string;
  onConfirm: () => void;
  testId?: string;
}) {
  const [opened, { open, close }] = useDisclosure(false);
  return (
    <>
      <Button {...buttonProps} loading={loading} onClick={open} data-testid={testId}>{children}</Button>
      <Modal opened={opened} onClose={close} title={title} centered size="sm">
        <Text fz="sm">{message}</Text>
        <Group justify="flex-end" mt="lg">
          <Button variant="default" onClick={close}>Cancel</Button>
          <Button color="red" data-testid={testId ? `${testId}-confirm` : undefined} onClick={() => { close(); onConfirm(); }}>
            {confirmLabel}
          </Button>
        </Group>
      </Modal>
    </>
  );
}
