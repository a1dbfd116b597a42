import { ActionIcon, Button, Group, NumberInput, Paper, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { FormErrorAlert } from '../components/FormErrorAlert';
import { formErrors } from '../lib/form-errors';
import { notifySuccess } from '../lib/notify';
import { useSavePipeline, type Pipeline, type StageInput } from './api';

const DEFAULT_STAGES: StageInput[] = [
  { name: 'Lead', probability: 10 },
  { name: 'Qualified', probability: 30 },
  { name: 'Proposal', probability: 60 },
  { name: 'Negotiation', probability: 80 },
];

interface Row extends StageInput {
  key: string;
}

let seq = 0;
const toRows = (stages: StageInput[]): Row[] => stages.map((s) => ({ ...s, key: s.id ? `s${s.id}` : `n${++seq}` }));

/** Name + ordered stages (add, remove, reorder, probability); saves the full list in one request. */
export function PipelineEditor({ pipeline, onDone }: { pipeline?: Pipeline; onDone: () => void }) {
  const [name, setName] = useState(pipeline?.name ?? '');
  const [rows, setRows] = useState<Row[]>(() => toRows(pipeline?.stages ?? DEFAULT_STAGES));
  const save = useSavePipeline();
  const errors = formErrors(save.error, ['name', 'stages']);

  const set = (i: number, patch: Partial<Row>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const move = (i: number, by: number) => {
    const next = [...rows];
    const [r] = next.splice(i, 1);
    next.splice(i + by, 0, r);
    setRows(next);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const stages = rows.map(({ id, name: n, probability }) => ({ ...(id ? { id } : {}), name: n.trim(), probability }));
    save.mutate({ id: pipeline?.id, name: name.trim(), stages }, {
      onSuccess: () => {
        notifySuccess(pipeline ? 'Pipeline saved' : 'Pipeline created');
        onDone();
      },
    });
  };

  return (
    <Paper withBorder radius="md" p="md" component="form" onSubmit={submit} noValidate data-testid="pipeline-editor">
      <TextInput label="Pipeline name" value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.field('name')}
        data-testid="pipeline-name" data-autofocus required maw={400} />
      <Text fw={600} fz="sm" mt="md" mb={4}>Stages, left to right on the board</Text>
      {errors.field('stages') && <Text c="red.9" fz="sm" mb="xs" data-testid="stages-error">{errors.field('stages')}</Text>}
      <Stack gap="xs">
        {rows.map((r, i) => (
          <Group key={r.key} gap="xs" wrap="nowrap" align="flex-start" data-testid="stage-row">
            <Text c="dimmed" fz="sm" w={20} mt={8}>{i + 1}.</Text>
            <TextInput aria-label={`Stage ${i + 1} name`} placeholder="Stage name" value={r.name} style={{ flex: 1 }}
              onChange={(e) => set(i, { name: e.currentTarget.value })} error={errors.field(`stages.${i}.name`)} data-testid="stage-name" />
            <NumberInput aria-label={`Stage ${i + 1} probability`} value={r.probability} min={0} max={100} suffix="%" w={90}
              onChange={(v) => set(i, { probability: typeof v === 'number' ? v : Number(v) || 0 })} error={errors.field(`stages.${i}.probability`)}
              data-testid="stage-probability" clampBehavior="strict" allowDecimal={false} />
            <Tooltip label="Move left"><ActionIcon variant="subtle" color="gray" size="lg" disabled={i === 0} onClick={() => move(i, -1)} aria-label="Move up" data-testid="stage-up"><IconArrowUp size={16} /></ActionIcon></Tooltip>
            <Tooltip label="Move right"><ActionIcon variant="subtle" color="gray" size="lg" disabled={i === rows.length - 1} onClick={() => move(i, 1)} aria-label="Move down" data-testid="stage-down"><IconArrowDown size={16} /></ActionIcon></Tooltip>
            <Tooltip label="Remove stage"><ActionIcon variant="subtle" color="red" size="lg" disabled={rows.length === 1} onClick={() => setRows(rows.filter((_, j) => j !== i))} aria-label="Remove stage" data-testid="stage-remove"><IconTrash size={16} /></ActionIcon></Tooltip>
          </Group>
        ))}
      </Stack>
      <Button variant="subtle" size="xs" mt="xs" leftSection={<IconPlus size={14} />} onClick={() => setRows([...rows, ...toRows([{ name: '', probability: 50 }])])} data-testid="stage-add">
        Add stage
      </Button>
      <FormErrorAlert errors={errors} testId="pipeline-error" mt="md" />
      <Group justify="flex-end" mt="md">
        <Button variant="default" onClick={onDone}>Cancel</Button>
        <Button type="submit" loading={save.isPending} data-testid="pipeline-save">{pipeline ? 'Save pipeline' : 'Create pipeline'}</Button>
      </Group>
    </Paper>
  );
}
