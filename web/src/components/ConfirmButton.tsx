import { Button, Group, Modal, Text, type ButtonProps } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { ReactNode } from 'react';

export function ConfirmModal({ opened, onClose, title, message, confirmLabel = 'Confirm', onConfirm, testId }: {
  opened: boolean;
  onClose: () => void;
  title: string;
  message: ReactNode;
  confirmLabel?: string;
  onConfirm: () => void;
  testId?: string;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={title} centered size="sm">
      <Text fz="sm">{message}</Text>
      <Group justify="flex-end" mt="lg">
        <Button variant="default" onClick={onClose}>Cancel</Button>
        <Button color="red" data-testid={testId} onClick={() => { onClose(); onConfirm(); }}>{confirmLabel}</Button>
      </Group>
    </Modal>
  );
}

/** A button that asks before doing something destructive. */
export function ConfirmButton({ children, title, message, confirmLabel, onConfirm, loading, testId, ...buttonProps }: ButtonProps & {
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
      <ConfirmModal opened={opened} onClose={close} title={title} message={message} confirmLabel={confirmLabel}
        onConfirm={onConfirm} testId={testId ? `${testId}-confirm` : undefined} />
    </>
  );
}
