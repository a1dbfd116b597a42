import { ActionIcon, Badge, Box, Button, Divider, Group, SegmentedControl, Stack, Text, Tooltip } from '@mantine/core';
import { IconFolderPlus, IconPlus, IconTrash } from '@tabler/icons-react';
import { ConditionRow, type Catalogue } from './ConditionRow';
import { newCondition, newGroup, removeChild, replaceChild, type Draft, type GroupDraft, type NodeError } from './tree';

const DEPTH_COLORS = ['indigo', 'teal', 'grape', 'orange', 'cyan', 'pink'];
export const depthColor = (depth: number) => DEPTH_COLORS[depth % DEPTH_COLORS.length];

/** A group of conditions joined by AND or OR, optionally negated; groups nest to any depth. */
export function GroupEditor({ group, depth, catalogue, errors, onChange, onRemove }: {
  group: GroupDraft;
  depth: number;
  catalogue: Catalogue;
  errors: Map<string, NodeError[]>;
  onChange: (next: GroupDraft) => void;
  onRemove?: () => void;
}) {
  const color = depthColor(depth);
  const joiner = group.op === 'and' ? 'AND' : 'OR';
  const own = errors.get(group.key) ?? [];
  const setChild = (next: Draft) => onChange(replaceChild(group, next.key, next));
  const remove = (key: string) => onChange(removeChild(group, key));

  return (
    <Box data-testid="group" data-depth={depth} data-op={group.op} data-not={group.not}
      pl={{ base: 8, sm: 12 }} pr={{ base: 4, sm: 8 }} py={8}
      style={{ borderLeft: `3px solid var(--mantine-color-${color}-5)`, background: depth % 2 ? 'var(--mantine-color-gray-0)' : 'var(--mantine-color-white)', borderRadius: 4 }}>
      <Group justify="space-between" gap="xs" wrap="nowrap" mb={6}>
        <Group gap="xs" wrap="wrap">
          <Button size="compact-xs" color="red" variant={group.not ? 'filled' : 'default'} aria-pressed={group.not}
            onClick={() => onChange({ ...group, not: !group.not })} data-testid="group-not">NOT</Button>
          <SegmentedControl size="xs" color={color} value={group.op} onChange={(op) => onChange({ ...group, op: op as 'and' | 'or' })}
            data={[{ value: 'and', label: 'AND' }, { value: 'or', label: 'OR' }]} data-testid="group-combinator" />
          <Text fz="xs" c="dimmed" visibleFrom="sm">
            {group.not ? (group.op === 'and' ? 'Not all of these' : 'None of these') : group.op === 'and' ? 'All of these' : 'Any of these'}
          </Text>
        </Group>
        {onRemove && (
          <Tooltip label="Remove group">
            <ActionIcon variant="subtle" color="gray" onClick={onRemove} aria-label="Remove group" data-testid="group-remove"><IconTrash size={16} /></ActionIcon>
          </Tooltip>
        )}
      </Group>
      {own.map((e, i) => <Text key={i} fz="xs" c="red.9" mb={4} data-testid="group-error">{e.part ? `${e.part}: ` : ''}{e.message}</Text>)}
      <Stack gap={4}>
        {group.children.length === 0 && (
          <Text fz="sm" c="dimmed" py={4}>{group.op === 'and' ? 'No conditions: every contact matches.' : 'No conditions: no contact matches.'}</Text>
        )}
        {group.children.map((child, i) => (
          <Box key={child.key}>
            {i > 0 && <Divider my={2} labelPosition="left" label={<Badge size="xs" variant="light" color={color}>{joiner}</Badge>} />}
            {child.group ? (
              <GroupEditor group={child} depth={depth + 1} catalogue={catalogue} errors={errors} onChange={setChild} onRemove={() => remove(child.key)} />
            ) : (
              <ConditionRow cond={child} catalogue={catalogue} errors={errors.get(child.key) ?? []} onChange={setChild} onRemove={() => remove(child.key)} />
            )}
          </Box>
        ))}
      </Stack>
      <Group gap="xs" mt={8}>
        <Button size="compact-sm" variant="light" color={color} leftSection={<IconPlus size={14} />} data-depth={depth}
          onClick={() => onChange({ ...group, children: [...group.children, newCondition()] })} data-testid="add-condition">Add condition</Button>
        <Button size="compact-sm" variant="subtle" color={color} leftSection={<IconFolderPlus size={14} />} data-depth={depth}
          onClick={() => onChange({ ...group, children: [...group.children, { ...newGroup(group.op === 'and' ? 'or' : 'and'), children: [newCondition()] }] })}
          data-testid="add-group">Add group</Button>
      </Group>
    </Box>
  );
}
