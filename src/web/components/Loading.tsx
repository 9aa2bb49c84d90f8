import { Center, Group, Loader, Text } from '@mantine/core';
import { messages } from '../../shared/messages';

export function Loading({
  label = messages.common.loading,
  fullPage = false,
}: {
  label?: string;
  fullPage?: boolean;
}) {
  return (
    <Center mih={fullPage ? '60vh' : 160} role="status" aria-live="polite">
      <Group gap="sm">
        <Loader size="sm" />
        <Text c="dimmed" size="sm">
          {label}
        </Text>
      </Group>
    </Center>
  );
}
