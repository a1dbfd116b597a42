import { Anchor, Code, Table, Text } from '@mantine/core';
import { useState } from 'react';

const show = (v: unknown) => (v === undefined ? '' : JSON.stringify(v, null, 1));

/** Side-by-side before/after of two JSON objects, changed keys highlighted. */
export function JsonDiff({ before, after }: { before: unknown; after: unknown }) {
  const [showAll, setShowAll] = useState(false);
  const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
  if (!isObj(before) && !isObj(after)) {
    return <Code block>{JSON.stringify({ before, after }, null, 2)}</Code>;
  }
  const b = isObj(before) ? before : {};
  const a = isObj(after) ? after : {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  const changed = (k: string) => JSON.stringify(b[k]) !== JSON.stringify(a[k]);
  keys.sort((x, y) => Number(changed(y)) - Number(changed(x)));
  const unchanged = keys.filter((k) => !changed(k)).length;
  const visible = showAll || unchanged === keys.length ? keys : keys.filter(changed);
  return (
    <>
    <Table.ScrollContainer minWidth={420}>
      <Table withColumnBorders fz="xs" data-testid="audit-diff">
        <Table.Thead><Table.Tr><Table.Th w={160}>Field</Table.Th><Table.Th>Before</Table.Th><Table.Th>After</Table.Th></Table.Tr></Table.Thead>
        <Table.Tbody>
          {visible.map((k) => {
            const c = changed(k);
            return (
              <Table.Tr key={k}>
                <Table.Td><Text fz="xs" fw={c ? 700 : 400}>{k}</Text></Table.Td>
                <Table.Td bg={c ? 'red.0' : undefined}><Text fz="xs" ff="monospace" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{show(b[k])}</Text></Table.Td>
                <Table.Td bg={c ? 'teal.0' : undefined}><Text fz="xs" ff="monospace" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{show(a[k])}</Text></Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
    {unchanged > 0 && unchanged < keys.length && (
      <Anchor component="button" type="button" fz="xs" mt={4} onClick={() => setShowAll(!showAll)}>
        {showAll ? 'Hide unchanged fields' : `Show ${unchanged} unchanged field${unchanged === 1 ? '' : 's'}`}
      </Anchor>
    )}
    </>
  );
}
