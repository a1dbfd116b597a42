import { Badge, Group, Text } from '@mantine/core';

export function TagBadges({ tags, max = 3 }: { tags: string[]; max?: number }) {
  if (!tags.length) return <Text c="dimmed" fz="sm">—</Text>;
  return (
    <Group gap={4} wrap="nowrap">
      {tags.slice(0, max).map((t) => <Badge key={t} size="sm" color="indigo">{t}</Badge>)}
      {tags.length > max && <Badge size="sm" color="gray">+{tags.length - max}</Badge>}
    </Group>
  );
}
