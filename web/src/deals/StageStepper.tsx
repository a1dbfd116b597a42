import { Badge, Box, Group, ScrollArea, Stepper, Text } from '@mantine/core';
import type { Stage } from '../pipelines/api';
import type { Deal } from './api';
import { STATUS_COLOR } from './columns';

/** The pipeline's stages left to right; clicking one moves the (open) deal there. */
export function StageStepper({ deal, stages, canMove, onMove }: { deal: Deal; stages: Stage[]; canMove: boolean; onMove: (stageId: number) => void }) {
  const active = stages.findIndex((s) => s.id === deal.stageId);
  const open = deal.status === 'open';
  return (
    <Box data-testid="stage-stepper">
      {!open && (
        <Group gap="xs" mb="xs">
          <Badge color={STATUS_COLOR[deal.status]} size="lg">{deal.status === 'won' ? 'Won' : 'Lost'}</Badge>
          <Text fz="sm" c="dimmed">in {deal.stage.name}. Reopen the deal to move it.</Text>
        </Group>
      )}
      <ScrollArea type="auto" offsetScrollbars>
        <Stepper active={active} size="sm" color={open ? 'indigo' : STATUS_COLOR[deal.status]} miw={Math.max(stages.length * 130, 300)}
          onStepClick={(i) => { if (open && canMove && stages[i].id !== deal.stageId) onMove(stages[i].id); }}
          allowNextStepsSelect={open && canMove}>
          {stages.map((s) => (
            <Stepper.Step key={s.id} label={s.name} description={`${s.probability}%`} data-testid="stage-step" data-stage-id={s.id}
              data-current={s.id === deal.stageId} allowStepSelect={open && canMove && s.id !== deal.stageId} />
          ))}
        </Stepper>
      </ScrollArea>
    </Box>
  );
}
