import { ActionIcon, Group, Tooltip } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';

/** The trash icon at the end of a table row; its clicks never reach the row's own click handler. */
export function RowDeleteAction({ label, testId, loading, onClick }: { label: string; testId: string; loading: boolean; onClick: () => void }) {
  return (
    <Group justify="flex-end" wrap="nowrap" onClick={(e) => e.stopPropagation()}>
      <Tooltip label={label}>
        <ActionIcon variant="subtle" color="red" aria-label={label} data-testid={testId} loading={loading} onClick={onClick}>
          <IconTrash size={16} />
        </ActionIcon>
      </Tooltip>
    </Group>
  );
}
