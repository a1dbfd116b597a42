import { ActionIcon, Anchor, Button, Checkbox, Group, Menu, Paper, Text, ThemeIcon } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconCalendarEvent, IconChecklist, IconDots, IconDownload, IconPhone, IconPhoneIncoming, IconTrash } from '@tabler/icons-react';
import { useRouterState } from '@tanstack/react-router';
import { useEffect, useRef } from 'react';
import { usePermissions } from '../auth/api';
import { AnchorLink } from '../components/links';
import { formatDateTime } from '../lib/format';
import { activityAnchor, icsUrl, OUTCOMES, useDeleteActivity, useUpdateActivity, type Activity } from './api';
import { FollowUpModal } from './FollowUpModal';

const ICON = { call: IconPhone, meeting: IconCalendarEvent, task: IconChecklist };
const COLOR = { call: 'blue', meeting: 'grape', task: 'orange' };
const timeFmt = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

function details(a: Activity): string {
  if (a.call) {
    const outcome = OUTCOMES.find((o) => o.value === a.call!.outcome)?.label;
    const mins = a.call.durationSeconds ? `${Math.max(1, Math.round(a.call.durationSeconds / 60))} min` : null;
    return [`${a.call.direction === 'inbound' ? 'Inbound' : 'Outbound'} call`, outcome, mins, formatDateTime(a.occurredAt)].filter(Boolean).join(' · ');
  }
  if (a.meeting) {
    const m = a.meeting;
    return [`${formatDateTime(m.startAt)}–${timeFmt.format(new Date(m.endAt))}`, m.location, m.attendees.length ? `${m.attendees.length} attendee${m.attendees.length > 1 ? 's' : ''}` : null]
      .filter(Boolean).join(' · ');
  }
  return a.dueAt ? `Due ${formatDateTime(a.dueAt)}` : 'No due date';
}

/** One call / meeting / task: done checkbox, links to what it is about, follow-up, .ics download. */
export function ActivityItem({ activity: a, hide = [] }: { activity: Activity; hide?: Array<'deal' | 'contact' | 'company'> }) {
  const { can } = usePermissions();
  const write = can('activities:write');
  const update = useUpdateActivity();
  const del = useDeleteActivity();
  const [followOpen, follow] = useDisclosure(false);
  // Opened from /activities/:id (a reminder, a search hit): brought into view and outlined.
  const linked = useRouterState({ select: (s) => s.location.hash.replace(/^#/, '') }) === activityAnchor(a.id);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => { if (linked) ref.current?.scrollIntoView({ block: 'center' }); }, [linked]);
  const Icon = a.type === 'call' && a.call?.direction === 'inbound' ? IconPhoneIncoming : ICON[a.type];
  const overdue = a.type === 'task' && !a.done && a.dueAt && new Date(a.dueAt) < new Date();
  const links = [
    !hide.includes('deal') && a.deal && <AnchorLink key="d" to="/deals/$id" params={{ id: String(a.deal.id) }} fz="xs">{a.deal.title}</AnchorLink>,
    !hide.includes('deal') && a.dealHidden && <Text key="h" fz="xs" c="dimmed" data-testid="deal-hidden">a deal you cannot see</Text>,
    !hide.includes('contact') && a.contact && <AnchorLink key="p" to="/contacts/$id" params={{ id: String(a.contact.id) }} fz="xs">{a.contact.fullName}</AnchorLink>,
    !hide.includes('company') && a.company && <AnchorLink key="c" to="/companies/$id" params={{ id: String(a.company.id) }} fz="xs">{a.company.name}</AnchorLink>,
  ].filter(Boolean);

  return (
    <Paper withBorder radius="md" p="sm" data-testid="activity-item" data-type={a.type} data-activity-id={a.id} data-done={a.done}
      ref={ref} id={activityAnchor(a.id)} data-linked={linked || undefined} style={linked ? { outline: '2px solid var(--mantine-color-indigo-6)' } : undefined}>
      <Group wrap="nowrap" align="flex-start" gap="sm">
        {a.type === 'task' ? (
          <Checkbox mt={4} checked={a.done} disabled={!write || update.isPending} aria-label={a.done ? 'Mark not done' : 'Mark done'} data-testid="task-done"
            onChange={(e) => update.mutate({ id: a.id, done: e.currentTarget.checked })} />
        ) : (
          <ThemeIcon variant="light" color={COLOR[a.type]} radius="xl" size={28}><Icon size={15} /></ThemeIcon>
        )}
        <div style={{ flex: 1, minWidth: 0 }}>
          <Text fz="sm" fw={500} td={a.done && a.type === 'task' ? 'line-through' : undefined} c={a.done && a.type === 'task' ? 'dimmed' : undefined}>{a.subject}</Text>
          <Text fz="xs" c={overdue ? 'red.9' : 'dimmed'}>{details(a)}</Text>
          {a.notes && <Text fz="xs" mt={2} lineClamp={3} style={{ whiteSpace: 'pre-wrap' }}>{a.notes}</Text>}
          <Group gap={8} mt={2}>
            {links}
            {a.assignee && <Text fz="xs" c="dimmed">{links.length ? '· ' : ''}{a.assignee.name}</Text>}
            {a.meeting && (
              <Anchor href={icsUrl(a.id)} fz="xs" download data-testid="meeting-ics">
                <Group gap={2} wrap="nowrap" component="span"><IconDownload size={12} />Invite (.ics)</Group>
              </Anchor>
            )}
          </Group>
        </div>
        {write && (
          <Group gap={4} wrap="nowrap">
            <Button size="compact-xs" variant="light" onClick={follow.open} data-testid="follow-up-open">Follow up</Button>
            <Menu position="bottom-end" withinPortal>
              <Menu.Target><ActionIcon variant="subtle" color="gray" aria-label="More"><IconDots size={16} /></ActionIcon></Menu.Target>
              <Menu.Dropdown>
                <Menu.Item color="red.9" leftSection={<IconTrash size={14} />} onClick={() => del.mutate(a.id)}>Delete</Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        )}
      </Group>
      {followOpen && <FollowUpModal activity={a} opened={followOpen} onClose={follow.close} />}
    </Paper>
  );
}
