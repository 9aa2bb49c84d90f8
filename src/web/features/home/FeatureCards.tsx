import { Badge, Card, Group, SimpleGrid, Text, ThemeIcon } from '@mantine/core';
import {
  IconAffiliate,
  IconArrowRight,
  IconBuildingCommunity,
  IconBuildingStore,
  IconCash,
  IconClipboardList,
  IconFileCheck,
  IconFlag,
  IconGavel,
  IconMap2,
  IconReceipt,
  IconSchool,
  IconSearch,
  IconSend,
  IconShoppingCart,
  IconSignature,
  IconUsers,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { messages } from '../../../shared/messages';
import type { Role } from '../accounts/types';

type CardKey = keyof typeof messages.home.cards;

interface FeatureDef {
  icon: ReactNode;
  /** Where the card leads; features without a page yet are shown as "segera hadir". */
  to?: string;
}

const features: Record<CardKey, FeatureDef> = {
  search: { icon: <IconSearch size={22} />, to: '/katalog' },
  cart: { icon: <IconShoppingCart size={22} />, to: '/keranjang' },
  myOrders: { icon: <IconClipboardList size={22} />, to: '/pesanan' },
  approvals: { icon: <IconSignature size={22} />, to: '/ppk?status=pending_approval' },
  bast: { icon: <IconFileCheck size={22} />, to: '/ppk?status=delivered' },
  payments: { icon: <IconCash size={22} />, to: '/pembayaran' },
  satkers: { icon: <IconBuildingCommunity size={22} />, to: '/admin/satker' },
  users: { icon: <IconUsers size={22} />, to: '/admin/pengguna' },
  partners: { icon: <IconBuildingStore size={22} />, to: '/admin/mitra' },
  outbox: { icon: <IconSend size={22} />, to: '/admin/outbox' },
  pemdaOrders: { icon: <IconReceipt size={22} />, to: '/admin/pesanan' },
  rules: { icon: <IconGavel size={22} />, to: '/admin/aturan' },
  trainings: { icon: <IconSchool size={22} /> },
  clusters: { icon: <IconAffiliate size={22} /> },
  integrityFlags: { icon: <IconFlag size={22} /> },
  regions: { icon: <IconMap2 size={22} />, to: '/wilayah' },
};

/** What each role does here, in the order the cards appear. */
const cardsByRole: Record<Role, CardKey[]> = {
  pp: ['search', 'cart', 'myOrders'],
  ppk: ['approvals', 'bast'],
  bendahara: ['payments'],
  operator: ['pemdaOrders', 'rules', 'satkers', 'users', 'partners', 'outbox'],
  umkm_officer: ['trainings', 'clusters'],
  auditor: ['integrityFlags'],
};

/** Whether a card's feature has no page yet ("segera hadir"). */
export function isUpcoming(key: CardKey): boolean {
  return !features[key].to;
}

/** The cards for a user's roles, each once, in role order. */
export function cardKeysFor(roles: Role[]): CardKey[] {
  return [...new Set(roles.flatMap((role) => cardsByRole[role]))];
}

function FeatureCard({ cardKey }: { cardKey: CardKey }) {
  const def = features[cardKey];
  const text = messages.home.cards[cardKey];
  const upcoming = !def.to;
  const body = (
    <>
      <Group justify="space-between" align="flex-start" mb="sm" wrap="nowrap">
        <ThemeIcon size={44} radius="md" variant="light" color={upcoming ? 'sogan' : 'jateng'}>
          {def.icon}
        </ThemeIcon>
        {upcoming ? (
          <Badge color="sogan" variant="light" size="sm">
            {messages.common.comingSoon}
          </Badge>
        ) : (
          <IconArrowRight size={18} color="var(--mantine-color-jateng-7)" aria-hidden />
        )}
      </Group>
      <Text fw={700} size="md" c={upcoming ? 'gray.8' : 'jateng.9'}>
        {text.title}
      </Text>
      <Text size="sm" c="dimmed" mt={4}>
        {text.text}
      </Text>
    </>
  );
  if (def.to) {
    return (
      <Card
        component={Link}
        to={def.to}
        padding="lg"
        radius="md"
        className="blk-feature-card"
        data-testid={`feature-${cardKey}`}
      >
        {body}
      </Card>
    );
  }
  return (
    <Card
      padding="lg"
      radius="md"
      className="blk-feature-card"
      data-upcoming="true"
      aria-disabled="true"
      bg="gray.0"
      data-testid={`feature-${cardKey}`}
    >
      {body}
    </Card>
  );
}

export function FeatureCards({ keys }: { keys: CardKey[] }) {
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="md">
      {keys.map((key) => (
        <FeatureCard key={key} cardKey={key} />
      ))}
    </SimpleGrid>
  );
}
