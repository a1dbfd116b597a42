import { Box, Paper, Text } from '@mantine/core';
import { IconMessageCircle } from '@tabler/icons-react';
import { DEFAULT_PRIMARY, DEFAULT_TEXT, type WidgetPosition } from './api';

/** How the widget will look on a page: its open panel and button, in its colours and corner. */
export function WidgetPreview({ greeting, primary, text, position }: { greeting: string; primary?: string; text?: string; position: WidgetPosition }) {
  const bg = primary || DEFAULT_PRIMARY;
  const fg = text || DEFAULT_TEXT;
  const side = position === 'left' ? { left: 12 } : { right: 12 };
  return (
    <Box component="figure" m={0} data-testid="widget-preview">
      <Paper withBorder radius="md" bg="gray.1" pos="relative" h={300} style={{ overflow: 'hidden' }}>
        <Paper shadow="md" radius="md" pos="absolute" bottom={72} w={230} bg="white" style={{ overflow: 'hidden', ...side }}>
          <Box px="sm" py={8} style={{ background: bg, color: fg }}>
            <Text fw={600} fz="sm" c="inherit">Chat with us</Text>
            <Text fz="xs" c="inherit">We are online</Text>
          </Box>
          <Box p="sm" mih={90}>
            <Text fz="xs" ta="center" c="gray.8" data-testid="preview-greeting">{greeting || ' '}</Text>
            <Box mt={8} ml="auto" px={10} py={6} w="fit-content" style={{ background: bg, color: fg, borderRadius: 12 }}>
              <Text fz="xs" c="inherit">Hello!</Text>
            </Box>
          </Box>
        </Paper>
        <Box pos="absolute" bottom={12} w={48} h={48} style={{ ...side, borderRadius: '50%', background: bg, color: fg, display: 'grid', placeItems: 'center' }}>
          <IconMessageCircle size={24} aria-hidden />
        </Box>
      </Paper>
      <Text component="figcaption" fz="xs" c="dimmed" mt={4}>Preview: the button sits in the page’s bottom {position} corner.</Text>
    </Box>
  );
}
