import { Badge, Box, Group, ScrollArea, Stepper, Text } from '@mantine/core';
import { useEffect, useRef } from 'react';
import type { Stage } from '../pipelines/api';
import type { Deal } from './api';
import { STATUS_COLOR } from './columns';

/** The pipeline's stages left to right; clicking one moves the (open) deal there. */
export function StageStepper({ deal, stages, canMove, onMove }: { deal: Deal; stages: Stage[]; canMove: boolean; onMove: (stageId: number) => void }) {
  const active = stages.findIndex((s) => s.id === deal.stageId);
  const open = deal.status === 'open';
  // On a phone the stepper is wider than the screen: scroll the current stage into the middle.
  const viewport = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = viewport.current;
    const current = el?.querySelector<HTMLElement>('[data-current="true"]');
    if (!el || !current) return;
    const left = current.getBoundingClientRect().left - el.getBoundingClientRect().left + el.scrollLeft;
    el.scrollLeft = Math.max(0, left - (el.clientWidth - current.offsetWidth) / 2);
  }, [deal.stageId, stages.length]);
  return (
    <Box data-testid="stage-stepper">
      {!open && (
        <Group gap="xs" mb="xs">
          <Badge color={STATUS_COLOR[deal.status]} size="lg">{deal.status === 'won' ? 'Won' : 'Lost'}</Badge>
          <Text fz="sm" c="dimmed">in {deal.stage.name}. Reopen the deal to move it.</Text>
        </Group>
      )}
      <Text hiddenFrom="sm" fz="sm" mb={4} data-testid="stage-current">
        {/* Until the pipeline's stages have loaded, the position is unknown: say only the stage. */}
        {active >= 0 ? `Stage ${active + 1} of ${stages.length}: ` : 'Stage: '}<b>{deal.stage.name}</b>
      </Text>
      <ScrollArea type="auto" offsetScrollbars viewportRef={viewport}>
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
