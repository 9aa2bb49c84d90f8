import { Button, Center, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconMapPinQuestion } from '@tabler/icons-react';
import { Link } from 'react-router';
import { fmt, messages } from '../../shared/messages';

export function NotFoundPage() {
  useDocumentTitle(fmt(messages.app.pageTitle, { page: messages.access.notFoundTitle }));
  return (
    <Center mih="50vh" data-testid="not-found">
      <Stack align="center" gap="sm" maw={480} ta="center">
        <ThemeIcon size={64} radius="xl" variant="light" color="sogan">
          <IconMapPinQuestion size={36} />
        </ThemeIcon>
        <Title order={1} fz={26} c="jateng.9">
          {messages.access.notFoundTitle}
        </Title>
        <Text c="dimmed">{messages.access.notFoundText}</Text>
        <Button component={Link} to="/" mt="sm">
          {messages.access.toHome}
        </Button>
      </Stack>
    </Center>
  );
}
