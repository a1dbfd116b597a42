import { Badge, Group, Tooltip } from '@mantine/core';
import { formatDateTime, formatRelative } from '../lib/format';
import { PRIORITY_COLOR, PRIORITY_LABEL, STATUS_COLOR, STATUS_LABEL, type SlaTarget, type Ticket, type TicketPriority, type TicketStatus } from './api';

// Dark text on the colour's tint: the tint tells the status at a glance, the text stays 4.5:1
// readable whatever the hue (yellow and gray on their own tints are not).
export const TINTED_TEXT = 'dark.7';

export const StatusBadge = ({ status }: { status: TicketStatus }) => (
  <Badge variant="light" color={STATUS_COLOR[status]} c={TINTED_TEXT} data-testid="ticket-status">{STATUS_LABEL[status]}</Badge>
);

export const PriorityBadge = ({ priority }: { priority: TicketPriority }) => (
  <Badge variant="dot" color={PRIORITY_COLOR[priority]}>{PRIORITY_LABEL[priority]}</Badge>
);

const SLA_NAMES = { firstResponse: 'First response', nextResponse: 'Next response', resolution: 'Resolution' } as const;
const SLA_COLOR: Record<SlaTarget['state'], string> = { running: 'blue', paused: 'gray', met: 'green', breached: 'red' };

function slaText(name: string, t: SlaTarget): string {
  if (t.state === 'met') return `${name} met`;
  if (t.state === 'breached') return `${name} breached`;
  if (t.state === 'paused') return `${name} paused`;
  return `${name} due ${formatRelative(t.dueAt)}`;
}

/** One badge per SLA target that applies, worded so a colour-blind agent reads the same thing. */
export function SlaBadges({ sla, compact }: { sla: Ticket['sla']; compact?: boolean }) {
  const targets = (Object.keys(SLA_NAMES) as (keyof typeof SLA_NAMES)[])
    .map((k) => ({ k, t: sla[k] }))
    .filter((x): x is { k: keyof typeof SLA_NAMES; t: SlaTarget } => x.t !== null)
    // In a list, what is still running matters; met targets are history.
    .filter((x) => !compact || x.t.state !== 'met');
  if (!targets.length) return null;
  return (
    <Group gap={4} wrap="wrap" data-testid="ticket-sla">
      {targets.map(({ k, t }) => (
        <Tooltip key={k} label={`Due ${formatDateTime(t.dueAt)}`}>
          <Badge size="sm" variant={t.state === 'breached' ? 'filled' : 'light'} color={SLA_COLOR[t.state]} c={t.state === 'breached' ? undefined : TINTED_TEXT} data-sla-state={t.state}>
            {slaText(SLA_NAMES[k], t)}
          </Badge>
        </Tooltip>
      ))}
    </Group>
  );
}
