import { Alert, Button, Stack, Text } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { fmt, messages } from '../../shared/messages';
import { useMe } from '../features/accounts/session';
import type { Role } from '../features/accounts/types';

/** Inside <RequireAuth>: renders its children only for users holding one of `roles`. */
export function RequireRole({ roles, children }: { roles: Role[]; children: ReactNode }) {
  const me = useMe();
  if (roles.some((role) => me.user.roles.includes(role))) return <>{children}</>;
  return (
    <Alert
      color="sogan"
      variant="light"
      title={messages.access.forbiddenTitle}
      icon={<IconLock size={20} aria-hidden />}
      data-testid="forbidden"
    >
      <Stack gap="sm" align="flex-start">
        <Text size="sm">
          {fmt(messages.access.forbiddenText, {
            roles: roles.map((role) => messages.roles[role]).join(', '),
          })}
        </Text>
        <Button component={Link} to="/" size="xs" variant="light">
          {messages.access.toHome}
        </Button>
      </Stack>
    </Alert>
  );
}
