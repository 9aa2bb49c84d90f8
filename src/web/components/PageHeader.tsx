import { Box, Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** The title block at the top of every page, with an optional action on the right (below on phones). */
export function PageHeader({
  title,
  description,
  action,
  above,
}: {
  title: ReactNode;
  description?: ReactNode;
  action?: ReactNode;
  above?: ReactNode;
}) {
  return (
    <Stack gap={6} mb="lg">
      {above}
      <Group justify="space-between" align="flex-end" gap="sm" wrap="wrap">
        <Box style={{ flex: '1 1 320px', minWidth: 0 }}>
          <Title order={1} fz={{ base: 24, sm: 30 }} lh={1.25} c="jateng.9">
            {title}
          </Title>
          {description && (
            <Text c="dimmed" size="sm" maw={760} mt={6}>
              {description}
            </Text>
          )}
        </Box>
        {action}
      </Group>
    </Stack>
  );
}
