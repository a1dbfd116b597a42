import { Paper, SimpleGrid, Text } from '@mantine/core';
import { percent, type Figures } from './api';

/** The headline numbers of a campaign, each with the rate people compare. */
export function FigureGrid({ f }: { f: Figures }) {
  const cells: [string, number, string?][] = [
    ['Sent', f.sent], ['Delivered', f.delivered, percent(f.rates.delivery)],
    ['Bounced', f.bounced.total, `${f.bounced.hard} hard · ${f.bounced.soft} soft · ${f.bounced.policy} blocked`],
    ['Unique opens', f.opens.unique, `${percent(f.rates.open)} · ${f.opens.machineUnique} by machines`],
    ['Unique clicks', f.clicks.unique, `${percent(f.rates.click)} · click-to-open ${percent(f.rates.clickToOpen)}`],
    ['Unsubscribes', f.unsubscribes, percent(f.rates.unsubscribe)], ['Complaints', f.complaints, percent(f.rates.complaint)],
  ];
  return (
    <SimpleGrid cols={{ base: 2, sm: 4, lg: 7 }} mb="md" data-testid="report-figures">
      {cells.map(([label, value, sub]) => (
        <Paper key={label} withBorder p="sm" radius="md">
          <Text fz="xs" c="gray.7" tt="uppercase" fw={600}>{label}</Text>
          <Text fw={700} fz="xl">{value.toLocaleString()}</Text>
          {sub && <Text fz="xs" c="gray.7">{sub}</Text>}
        </Paper>
      ))}
    </SimpleGrid>
  );
}
