import { Alert, List, Loader, Paper, Text, ThemeIcon, Title } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconMinus, IconX } from '@tabler/icons-react';
import type { Checklist, CheckItem } from './api';

const ICON: Record<CheckItem['status'], { color: string; icon: typeof IconCheck; label: string }> = {
  pass: { color: 'teal', icon: IconCheck, label: 'Passed' },
  warn: { color: 'yellow', icon: IconAlertTriangle, label: 'Warning' },
  block: { color: 'red', icon: IconX, label: 'Blocks sending' },
  skip: { color: 'gray', icon: IconMinus, label: 'Not checked' },
};

export function ChecklistPanel({ checklist, loading, error }: { checklist?: Checklist; loading: boolean; error: Error | null }) {
  return (
    <Paper withBorder p="md" radius="md" data-testid="checklist">
      <Title order={3} fz="md" mb="sm">Before sending</Title>
      {loading && <Loader size="sm" role="status" aria-label="Checking" />}
      {error && <Alert color="red">{error.message}</Alert>}
      {checklist && (
        <>
          <List spacing="xs" size="sm" center>
            {checklist.items.map((i) => {
              const s = ICON[i.status];
              return (
                <List.Item key={i.key} data-status={i.status} data-testid={`check-${i.key}`}
                  icon={<ThemeIcon color={s.color} size={22} radius="xl" role="img" aria-label={s.label}><s.icon size={14} /></ThemeIcon>}>
                  <Text fz="sm">{i.message}</Text>
                </List.Item>
              );
            })}
          </List>
          <Text fz="sm" mt="sm" fw={500} c={checklist.ready ? 'teal.9' : 'red.9'}>{checklist.ready ? 'Ready to send' : 'Fix the red items to send'}</Text>
        </>
      )}
    </Paper>
  );
}
