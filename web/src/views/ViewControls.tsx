import { Group } from '@mantine/core';
import type { SavedView, ViewConfig, ViewEntity } from './api';
import { ColumnPicker } from './columns';
import type { PageSize } from './list-view';
import { ViewsBar } from './ViewsBar';

/** The columns shown, the saved views and the page size: the same row above every list. */
export function ViewControls({ entity, columns, view }: {
  entity: ViewEntity;
  columns: { id: string; label: string }[];
  view: { state: { columns: string[] }; config: ViewConfig; applyView: (v: SavedView) => void; setColumns: (c: string[]) => void; setPageSize: (s: PageSize) => void };
}) {
  return (
    <Group justify="space-between" align="flex-end" mb="xs" wrap="wrap">
      <ColumnPicker columns={columns} value={view.state.columns} onChange={view.setColumns} />
      <ViewsBar entity={entity} config={view.config} onApply={view.applyView} onPageSize={view.setPageSize} />
    </Group>
  );
}

export const headerOf = (c: { id?: string; header?: unknown }) => (typeof c.header === 'string' ? c.header : c.id ?? '');
