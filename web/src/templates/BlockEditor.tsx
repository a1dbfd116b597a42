import { ActionIcon, Button, Card, Group, Menu, Stack, Text } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react';
import type { Block, BlockDocument } from './api';
import { BlockFields } from './BlockFields';

const LABEL: Record<Block['type'], string> = {
  text: 'Text', image: 'Image', button: 'Button', columns: 'Two columns', divider: 'Divider', social: 'Social links', footer: 'Footer',
};

const NEW_BLOCK: Record<Block['type'], () => Block> = {
  text: () => ({ type: 'text', html: '<p>Hi {{ contact.first_name | default: "there" }},</p>' }),
  image: () => ({ type: 'image', src: 'https://placehold.co/600x240/png', alt: '' }),
  button: () => ({ type: 'button', label: 'Read more', href: 'https://example.com' }),
  columns: () => ({ type: 'columns', columns: [[{ type: 'text', html: '<p>Left</p>' }], [{ type: 'text', html: '<p>Right</p>' }]] }),
  divider: () => ({ type: 'divider' }),
  social: () => ({ type: 'social', links: [{ network: 'linkedin', href: 'https://www.linkedin.com/' }] }),
  footer: () => ({ type: 'footer', html: '' }),
};

/** The block editor: an ordered list of blocks, each with its fields; the server makes the MJML. */
export function BlockEditor({ doc, onChange }: { doc: BlockDocument; onChange: (d: BlockDocument) => void }) {
  const setBlocks = (blocks: Block[]) => onChange({ ...doc, blocks });
  const move = (i: number, by: number) => {
    const next = [...doc.blocks];
    const [b] = next.splice(i, 1);
    next.splice(i + by, 0, b!);
    setBlocks(next);
  };
  return (
    <Stack gap="sm">
      {doc.blocks.map((block, i) => (
        <Card key={i} withBorder padding="sm" data-testid="block">
          <Group justify="space-between" mb="xs">
            <Text fw={600} fz="sm">{LABEL[block.type]}</Text>
            <Group gap={4}>
              <ActionIcon variant="subtle" aria-label={`Move block ${i + 1} up`} disabled={i === 0} onClick={() => move(i, -1)}><IconArrowUp size={16} /></ActionIcon>
              <ActionIcon variant="subtle" aria-label={`Move block ${i + 1} down`} disabled={i === doc.blocks.length - 1} onClick={() => move(i, 1)}><IconArrowDown size={16} /></ActionIcon>
              <ActionIcon variant="subtle" color="red" aria-label={`Remove block ${i + 1}`} disabled={doc.blocks.length === 1} onClick={() => setBlocks(doc.blocks.filter((_, j) => j !== i))}><IconTrash size={16} /></ActionIcon>
            </Group>
          </Group>
          <BlockFields id={`block${i + 1}`} block={block} onChange={(b) => setBlocks(doc.blocks.map((x, j) => (j === i ? b : x)))} />
        </Card>
      ))}
      <Menu>
        <Menu.Target><Button variant="light" leftSection={<IconPlus size={16} />} data-testid="block-add">Add block</Button></Menu.Target>
        <Menu.Dropdown>
          {(Object.keys(LABEL) as Block['type'][]).map((type) => (
            <Menu.Item key={type} data-testid={`block-add-${type}`} onClick={() => setBlocks([...doc.blocks.filter((b) => b.type !== 'footer'), NEW_BLOCK[type](), ...doc.blocks.filter((b) => b.type === 'footer')])}>{LABEL[type]}</Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
    </Stack>
  );
}
