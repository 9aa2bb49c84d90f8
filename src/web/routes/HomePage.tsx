import { Badge, Box, Card, Group, SimpleGrid, Stack, Table, Text, ThemeIcon, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconBuildingCommunity, IconMapPin, IconUserShield } from '@tabler/icons-react';
import { fmt, messages } from '../../shared/messages';
import { useMe } from '../features/accounts/session';
import { DemoHistoryNotice } from '../features/home/DemoHistoryNotice';
import { cardKeysFor, FeatureCards, isUpcoming } from '../features/home/FeatureCards';
import { PROVINCE_CODE } from '../features/regions/types';
import { pemdaName, usePemdas } from '../features/regions/usePemdas';

const m = messages.home;

export function HomePage() {
  useDocumentTitle(fmt(messages.app.pageTitle, { page: m.pageTitle }));
  const me = useMe();
  const { byCode } = usePemdas();

  const pemdaCodes = me.pemdaCode ? [me.pemdaCode] : [...new Set(me.satkers.map((s) => s.pemdaCode))];
  const scopeLabel = pemdaCodes
    .map((code) => (code === PROVINCE_CODE ? m.scopeProvince : pemdaName(byCode, code)))
    .join(', ');
  const cardKeys = cardKeysFor(me.user.roles);

  return (
    <Stack gap="xl" data-testid="home-page">
      <DemoHistoryNotice />
      <Box
        className="blk-kawung"
        c="white"
        p={{ base: 'lg', sm: 32 }}
        style={{ borderRadius: 'var(--mantine-radius-lg)' }}
      >
        <Title order={1} fz={{ base: 24, sm: 32 }} lh={1.2} c="white" data-testid="home-greeting">
          {fmt(m.greeting, { name: me.user.name })}
        </Title>
        <Group gap="xs" mt="md">
          {me.user.roles.map((role) => (
            <Badge
              key={role}
              variant="white"
              color="jateng.9"
              size="lg"
              radius="sm"
              data-testid={`role-${role}`}
            >
              {messages.roles[role]}
            </Badge>
          ))}
        </Group>
        {scopeLabel && (
          <Group gap={6} mt="md" wrap="nowrap" align="flex-start">
            <IconMapPin size={18} aria-hidden style={{ flexShrink: 0, marginTop: 2 }} />
            <Text size="sm" c="jateng.0">
              {m.scope}: <strong>{scopeLabel}</strong>
            </Text>
          </Group>
        )}
      </Box>

      <SimpleGrid cols={{ base: 1, md: me.satkers.length > 0 ? 2 : 1 }} spacing="lg">
        <Card padding="lg" radius="md">
          <Group gap="sm" mb="md">
            <ThemeIcon variant="light" color="sogan" radius="md">
              <IconUserShield size={18} />
            </ThemeIcon>
            <Title order={2} fz="lg">
              {m.yourRoles}
            </Title>
          </Group>
          <Stack gap="sm">
            {me.user.roles.map((role) => (
              <Box key={role}>
                <Text fw={600} size="sm">
                  {messages.roles[role]}
                </Text>
                <Text size="sm" c="dimmed">
                  {messages.roleDescriptions[role]}
                </Text>
              </Box>
            ))}
          </Stack>
        </Card>
        {me.satkers.length > 0 && (
          <Card padding="lg" radius="md" data-testid="home-satkers">
            <Group gap="sm" mb="md">
              <ThemeIcon variant="light" color="sogan" radius="md">
                <IconBuildingCommunity size={18} />
              </ThemeIcon>
              <Title order={2} fz="lg">
                {m.yourSatkers}
              </Title>
            </Group>
            <Table verticalSpacing={6} horizontalSpacing={0}>
              <Table.Tbody>
                {me.satkers.map((satker) => (
                  <Table.Tr key={satker.code}>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {satker.name}
                      </Text>
                      <Text size="xs" c="dimmed" ff="monospace">
                        {satker.code} · {pemdaName(byCode, satker.pemdaCode)}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Card>
        )}
      </SimpleGrid>

      <Box>
        <Title order={2} fz="xl" c="jateng.9">
          {m.whatYouDo}
        </Title>
        {cardKeys.some(isUpcoming) && (
          <Text size="sm" c="dimmed" mt={4}>
            {m.comingSoonNote}
          </Text>
        )}
        <Box mt="md">
          <FeatureCards keys={[...cardKeys, 'regions']} />
        </Box>
      </Box>
    </Stack>
  );
}
