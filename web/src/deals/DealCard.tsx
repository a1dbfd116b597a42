import { Avatar, Group, Paper, Stack, Text, Tooltip } from '@mantine/core';
import { useDraggable } from '@dnd-kit/core';
import { IconBuilding, IconCalendar, IconUser } from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';
import type { CSSProperties } from 'react';
import { formatDate } from '../lib/format';
import type { Deal } from './api';
import { formatMoney } from './money';

const initials = (name: string) => name.split(/\s+/).map((s) => s[0]).join('').slice(0, 2).toUpperCase();

/** The card's face; also rendered in the drag overlay. */
export function DealCardBody({ deal, dragging }: { deal: Deal; dragging?: boolean }) {
  const main = deal.contacts[0];
  const overdue = deal.expectedCloseDate && deal.expectedCloseDate < new Date().toISOString().slice(0, 10);
  return (
    <Paper withBorder radius="md" p="sm" shadow={dragging ? 'lg' : 'xs'} style={{ cursor: dragging ? 'grabbing' : 'grab', rotate: dragging ? '2deg' : undefined }}>
      <Stack gap={4}>
        <Text fz="sm" fw={600} lineClamp={2} data-testid="deal-card-title">{deal.title}</Text>
        <Text fz="sm" fw={500} c="indigo.8" data-testid="deal-card-value">{formatMoney(deal.value, deal.currency)}</Text>
        {deal.company && (
          <Group gap={4} wrap="nowrap" data-testid="deal-card-company">
            <IconBuilding size={13} color="var(--mantine-color-dimmed)" aria-hidden /><Text fz="xs" c="dimmed" truncate>{deal.company.name}</Text>
          </Group>
        )}
        {main && (
          // The first linked contact is the main one; the others are counted.
          <Group gap={4} wrap="nowrap" data-testid="deal-card-contact">
            <IconUser size={13} color="var(--mantine-color-dimmed)" aria-hidden />
            <Text fz="xs" c="dimmed" truncate>{main.fullName}{deal.contacts.length > 1 ? ` +${deal.contacts.length - 1}` : ''}</Text>
          </Group>
        )}
        <Group justify="space-between" wrap="nowrap" mt={2}>
          <Group gap={4} wrap="nowrap">
            <IconCalendar size={13} color={overdue ? 'var(--mantine-color-red-6)' : 'var(--mantine-color-dimmed)'} />
            <Text fz="xs" c={overdue ? 'red.9' : 'dimmed'}>{deal.expectedCloseDate ? formatDate(deal.expectedCloseDate) : 'No close date'}</Text>
          </Group>
          {deal.owner && (
            <Tooltip label={deal.owner.name} withinPortal>
              <Avatar size={22} radius="xl" color="indigo" aria-label={`Owner ${deal.owner.name}`}>{initials(deal.owner.name)}</Avatar>
            </Tooltip>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}

export function DealCard({ deal, disabled }: { deal: Deal; disabled?: boolean }) {
  const navigate = useNavigate();
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({ id: deal.id, data: { deal }, disabled });
  const style: CSSProperties = { opacity: isDragging ? 0.35 : 1, touchAction: 'manipulation' };
  return (
    <div ref={setNodeRef} style={style} {...listeners} {...attributes} data-testid="deal-card" data-deal-id={deal.id}
      onClick={() => navigate({ to: '/deals/$id', params: { id: String(deal.id) } })}
      onKeyDown={(e) => { if (e.key === 'Enter') navigate({ to: '/deals/$id', params: { id: String(deal.id) } }); listeners?.onKeyDown?.(e); }}>
      <DealCardBody deal={deal} />
    </div>
  );
}
