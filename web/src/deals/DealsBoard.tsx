import { Box, Button, EmptyState } from '@mantine/core';
import {
  DndContext, DragOverlay, KeyboardSensor, PointerSensor, TouchSensor, pointerWithin, rectIntersection, useSensor, useSensors,
  type CollisionDetection, type DragEndEvent, type DragStartEvent,
} from '@dnd-kit/core';
import { notifications } from '@mantine/notifications';
import { IconLayoutKanban, IconPlus } from '@tabler/icons-react';
import { useState, type PointerEvent } from 'react';
import { QueryState } from '../components/QueryState';
import { useBoard, useLoadMoreColumn, useMoveDeal, type Deal } from './api';
import { BoardColumn } from './BoardColumn';
import { DealCardBody } from './DealCard';

/** Mouse and pen drag right away (after a few pixels); touch goes through the TouchSensor's long press so swipes still scroll. */
class MousePenSensor extends PointerSensor {
  static activators = [{
    eventName: 'onPointerDown' as const,
    handler: ({ nativeEvent: e }: PointerEvent) => e.pointerType !== 'touch' && e.isPrimary && e.button === 0,
  }];
}

const collision: CollisionDetection = (args) => {
  const hits = pointerWithin(args);
  return hits.length ? hits : rectIntersection(args);
};

export function DealsBoard({ pipelineId, ownerId, canMove, onNewDeal }: {
  pipelineId: number;
  ownerId: number | null;
  canMove: boolean;
  onNewDeal?: () => void;
}) {
  const board = useBoard(pipelineId, ownerId);
  const move = useMoveDeal();
  const loadMore = useLoadMoreColumn(pipelineId, ownerId);
  const [active, setActive] = useState<Deal | null>(null);
  const sensors = useSensors(
    useSensor(MousePenSensor, { activationConstraint: { distance: 6 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 220, tolerance: 8 } }),
    useSensor(KeyboardSensor),
  );

  if (!board.data) return <QueryState isPending={board.isPending} error={board.error} refetch={board.refetch} />;
  const stages = board.data.stages;
  const empty = stages.every((s) => s.count === 0);

  const onDragStart = (e: DragStartEvent) => setActive((e.active.data.current?.deal as Deal) ?? null);
  const onDragEnd = (e: DragEndEvent) => {
    setActive(null);
    const deal = e.active.data.current?.deal as Deal | undefined;
    const stageId = e.over?.data.current?.stageId as number | undefined;
    if (!deal || !stageId || stageId === deal.stageId) return;
    const to = stages.find((s) => s.id === stageId);
    move.mutate({ dealId: deal.id, stageId }, {
      onError: (err) => notifications.show({ color: 'red', title: `Could not move “${deal.title}”`, message: err.message }),
      onSuccess: () => notifications.show({ color: 'teal', message: `Moved “${deal.title}” to ${to?.name ?? 'the stage'}`, autoClose: 2500 }),
    });
  };

  return (
    <>
      {empty && onNewDeal && (
        <EmptyState icon={<IconLayoutKanban size={28} />} variant="light" title="No open deals in this pipeline" mb="md"
          description="Create a deal, then drag it from stage to stage as it progresses.">
          <EmptyState.Actions><Button onClick={onNewDeal} leftSection={<IconPlus size={16} />}>New deal</Button></EmptyState.Actions>
        </EmptyState>
      )}
      <DndContext sensors={sensors} collisionDetection={collision} onDragStart={onDragStart} onDragEnd={onDragEnd} onDragCancel={() => setActive(null)}
        accessibility={{ screenReaderInstructions: { draggable: 'To move a deal, press space, use the arrow keys to pick a stage, then press space again.' } }}>
        <Box data-testid="deals-board" style={{ display: 'flex', gap: 12, overflowX: 'auto', alignItems: 'stretch', paddingBottom: 12, scrollSnapType: active ? undefined : 'x proximity' }}>
          {stages.map((col) => (
            <BoardColumn key={col.id} column={col} canMove={canMove}
              onLoadMore={() => loadMore.mutate(col)} loadingMore={loadMore.isPending && loadMore.variables?.id === col.id} />
          ))}
        </Box>
        <DragOverlay dropAnimation={null}>{active ? <Box w={260}><DealCardBody deal={active} dragging /></Box> : null}</DragOverlay>
      </DndContext>
    </>
  );
}
