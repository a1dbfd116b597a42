import { Box, Center, Group, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconAddressBook } from '@tabler/icons-react';
import type { ReactNode } from 'react';

/** Centered card used by setup, login and invite pages. */
export function AuthCard({ title, subtitle, children }: { title: string; subtitle?: ReactNode; children: ReactNode }) {
  return (
    <Center mih="100vh" p="md" bg="gray.0">
      <Box w="100%" maw={420}>
        <Group justify="center" gap="xs" mb="lg">
          <ThemeIcon size="lg" radius="md" variant="filled">
            <IconAddressBook size={20} />
          </ThemeIcon>
          <Text fw={700} fz="xl">Rapport</Text>
        </Group>
        <Paper withBorder shadow="sm" p="xl" radius="md">
          <Stack gap="md">
            <div>
              <Title order={2} fz="h3">{title}</Title>
              {subtitle && <Text c="dimmed" fz="sm" mt={4}>{subtitle}</Text>}
            </div>
            {children}
          </Stack>
        </Paper>
      </Box>
    </Center>
  );
}
