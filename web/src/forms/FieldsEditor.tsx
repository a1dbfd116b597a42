import { ActionIcon, Badge, Button, Group, Menu, Paper, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react';
import type { CustomField } from '../settings/api';
import type { FormField } from './api';
import { customKey, fieldChoices, moveField } from './fields';

/** The form's fields in order: label, required toggle, move up/down, remove. Email is always there and always required. */
export function FieldsEditor({ fields, onChange, custom, errors, readOnly }: {
  fields: FormField[];
  onChange: (f: FormField[]) => void;
  custom: CustomField[] | undefined;
  errors: Record<string, string>;
  readOnly: boolean;
}) {
  const available = fieldChoices(custom).filter((c) => !fields.some((f) => f.key === c.key));
  const update = (i: number, patch: Partial<FormField>) => onChange(fields.map((f, j) => (j === i ? { ...f, ...patch } : f)));
  return (
    <Paper withBorder radius="md" p="md" data-testid="form-fields">
      <Group justify="space-between" mb="sm">
        <Title order={4}>Fields</Title>
        {!readOnly && (
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} disabled={!available.length} data-testid="form-add-field">Add field</Button>
            </Menu.Target>
            <Menu.Dropdown>
              {available.map((c) => (
                <Menu.Item key={c.key} onClick={() => onChange([...fields, c])} data-testid={`form-add-field-${c.key}`}
                  rightSection={customKey(c.key) && <Badge size="xs" variant="light">custom</Badge>}>
                  {c.label}
                </Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
        )}
      </Group>
      <Stack gap="xs">
        {fields.map((f, i) => (
          <Group key={f.key} gap="xs" wrap="wrap" align="flex-start" data-testid="form-field-row" data-key={f.key}>
            <TextInput aria-label={`Label of ${f.key}`} value={f.label} readOnly={readOnly} style={{ flex: '1 1 200px' }}
              error={errors[`fields.${i}.label`] ?? errors[`fields.${i}.key`]} data-testid="form-field-label" onChange={(e) => update(i, { label: e.currentTarget.value })}
              rightSectionWidth={110} rightSection={<Text fz="xs" c="dimmed" truncate>{customKey(f.key) ?? f.key.replace('_', ' ')}</Text>} />
            <Group gap={4} wrap="nowrap" mt={6}>
              <Switch label="Required" size="xs" checked={f.required} disabled={readOnly || f.key === 'email'} data-testid="form-field-required"
                onChange={(e) => update(i, { required: e.currentTarget.checked })} />
              <ActionIcon variant="subtle" aria-label="Move up" disabled={readOnly || i === 0} onClick={() => onChange(moveField(fields, i, -1))}>
                <IconArrowUp size={16} />
              </ActionIcon>
              <ActionIcon variant="subtle" aria-label="Move down" disabled={readOnly || i === fields.length - 1} onClick={() => onChange(moveField(fields, i, 1))}>
                <IconArrowDown size={16} />
              </ActionIcon>
              <ActionIcon variant="subtle" color="red" aria-label="Remove field" disabled={readOnly || f.key === 'email'} data-testid="form-field-remove"
                onClick={() => onChange(fields.filter((_, j) => j !== i))}>
                <IconTrash size={16} />
              </ActionIcon>
            </Group>
          </Group>
        ))}
        {errors.fields && <Text fz="xs" c="red.9">{errors.fields}</Text>}
      </Stack>
    </Paper>
  );
}
