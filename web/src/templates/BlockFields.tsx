import { ColorInput, Group, NumberInput, SegmentedControl, Select, Stack, TextInput, Textarea } from '@mantine/core';
import type { Align, Block, LeafBlock, SocialNetwork } from './api';

const NETWORKS: SocialNetwork[] = ['facebook', 'x', 'linkedin', 'instagram', 'youtube', 'github'];

function AlignField({ value, onChange, label }: { value: Align | undefined; onChange: (a: Align) => void; label: string }) {
  return (
    <SegmentedControl aria-label={label} size="xs" value={value ?? 'left'} onChange={(v) => onChange(v as Align)}
      data={[{ value: 'left', label: 'Left' }, { value: 'center', label: 'Centre' }, { value: 'right', label: 'Right' }]} />
  );
}

/** The fields of one block; `id` keeps the labels of repeated blocks unique for screen readers. */
export function BlockFields({ block, onChange, id }: { block: Block; onChange: (b: Block) => void; id: string }) {
  switch (block.type) {
    case 'text':
      return (
        <Stack gap="xs">
          <Textarea label="Text (HTML and Liquid)" autosize minRows={3} value={block.html} onChange={(e) => onChange({ ...block, html: e.currentTarget.value })} data-testid={`${id}-html`} />
          <AlignField label={`Alignment of ${id}`} value={block.align} onChange={(align) => onChange({ ...block, align })} />
        </Stack>
      );
    case 'image':
      return (
        <Group grow align="flex-start">
          <TextInput label="Image URL" value={block.src} onChange={(e) => onChange({ ...block, src: e.currentTarget.value })} />
          <TextInput label="Alt text" value={block.alt ?? ''} onChange={(e) => onChange({ ...block, alt: e.currentTarget.value })} />
          <TextInput label="Link" value={block.href ?? ''} onChange={(e) => onChange({ ...block, href: e.currentTarget.value || undefined })} />
          <NumberInput label="Width (px)" min={20} max={600} value={block.width ?? ''} onChange={(v) => onChange({ ...block, width: v === '' ? undefined : Number(v) })} />
        </Group>
      );
    case 'button':
      return (
        <Group grow align="flex-end">
          <TextInput label="Label" value={block.label} onChange={(e) => onChange({ ...block, label: e.currentTarget.value })} data-testid={`${id}-label`} />
          <TextInput label="Link" value={block.href} onChange={(e) => onChange({ ...block, href: e.currentTarget.value })} data-testid={`${id}-href`} />
          <ColorInput label="Colour" withEyeDropper={false} value={block.color ?? '#1c7ed6'} onChange={(color) => onChange({ ...block, color })} />
          <AlignField label={`Alignment of ${id}`} value={block.align ?? 'center'} onChange={(align) => onChange({ ...block, align })} />
        </Group>
      );
    case 'divider':
      return <ColorInput label="Line colour" withEyeDropper={false} value={block.color ?? '#dee2e6'} onChange={(color) => onChange({ ...block, color })} />;
    case 'social':
      return (
        <Stack gap="xs">
          {block.links.map((l, i) => (
            <Group key={i} grow>
              <Select label={`Network ${i + 1}`} data={NETWORKS} value={l.network} allowDeselect={false}
                onChange={(v) => onChange({ ...block, links: block.links.map((x, j) => (j === i ? { ...x, network: v as SocialNetwork } : x)) })} />
              <TextInput label={`Profile link ${i + 1}`} value={l.href} onChange={(e) => { const href = e.currentTarget.value; onChange({ ...block, links: block.links.map((x, j) => (j === i ? { ...x, href } : x)) }); }} />
            </Group>
          ))}
        </Stack>
      );
    case 'footer':
      return <Textarea label="Extra footer text (the postal address and unsubscribe links are always added)" autosize value={block.html ?? ''} onChange={(e) => onChange({ ...block, html: e.currentTarget.value })} />;
    case 'columns':
      return (
        <Group grow align="flex-start">
          {block.columns.map((col, c) => (
            <Stack key={c} gap="xs">
              {col.map((leaf, i) => (
                <BlockFields key={i} id={`${id}-col${c + 1}-${i + 1}`} block={leaf}
                  onChange={(b) => onChange({ ...block, columns: block.columns.map((x, k) => (k === c ? x.map((y, j) => (j === i ? (b as LeafBlock) : y)) : x)) })} />
              ))}
            </Stack>
          ))}
        </Group>
      );
  }
}
