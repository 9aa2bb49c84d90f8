import { Badge, Box, Group, Stack, Table, Text } from '@mantine/core';
import { messages } from '../../../shared/messages';
import type { Pemda } from '../regions/types';
import { pemdaName } from '../regions/usePemdas';
import { type AdminUser, type Role, roles } from './types';

const m = messages.users;

/** A user's grants grouped by role: `PP → 3325-SETDA, 3325-DINKES`. */
function groupedGrants(
  user: AdminUser,
  pemdaByCode: Map<string, Pemda>,
): Array<{ role: Role; scopes: string[] }> {
  return roles
    .map((role) => ({
      role,
      scopes: user.roles
        .filter((grant) => grant.role === role)
        .map((grant) => grant.satkerCode ?? pemdaName(pemdaByCode, grant.pemdaCode)),
    }))
    .filter((group) => group.scopes.length > 0);
}

function Grants({ groups }: { groups: Array<{ role: Role; scopes: string[] }> }) {
  return (
    <Stack gap={6}>
      {groups.map(({ role, scopes }) => (
        <Group key={role} gap={6} wrap="nowrap" align="flex-start">
          <Badge variant="light" color="jateng" size="sm" radius="sm" style={{ flexShrink: 0 }}>
            {messages.roles[role]}
          </Badge>
          <Text size="xs" c="dimmed" style={{ wordBreak: 'break-word' }}>
            {scopes.join(', ')}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}

export function UserTable({
  users,
  pemdaByCode,
  highlightId,
}: {
  users: AdminUser[];
  pemdaByCode: Map<string, Pemda>;
  highlightId?: string | null;
}) {
  return (
    <Table.ScrollContainer minWidth={340} type="native">
      <Table striped highlightOnHover verticalSpacing="sm" horizontalSpacing="md" data-testid="user-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={190} visibleFrom="md">
              {m.username}
            </Table.Th>
            <Table.Th w={{ base: 'auto', sm: 240 }}>{m.name}</Table.Th>
            <Table.Th visibleFrom="sm">{m.roles}</Table.Th>
            <Table.Th w={100} visibleFrom="sm">
              {m.status}
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {users.map((user) => (
            <Table.Tr
              key={user.id}
              data-username={user.username}
              bg={user.id === highlightId ? 'jateng.0' : undefined}
            >
              <Table.Td ff="monospace" fz="sm" visibleFrom="md">
                {user.username}
              </Table.Td>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {user.name}
                </Text>
                <Text size="xs" c="dimmed" ff="monospace" hiddenFrom="md">
                  {user.username}
                </Text>
                <Text size="xs" c={user.isActive ? 'jateng.8' : 'dimmed'} hiddenFrom="sm">
                  {user.isActive ? m.active : m.inactive}
                </Text>
                <Box hiddenFrom="sm" mt={6}>
                  <Grants groups={groupedGrants(user, pemdaByCode)} />
                </Box>
              </Table.Td>
              <Table.Td visibleFrom="sm">
                <Grants groups={groupedGrants(user, pemdaByCode)} />
              </Table.Td>
              <Table.Td visibleFrom="sm">
                <Badge variant="dot" color={user.isActive ? 'jateng' : 'gray'} size="sm">
                  {user.isActive ? m.active : m.inactive}
                </Badge>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
