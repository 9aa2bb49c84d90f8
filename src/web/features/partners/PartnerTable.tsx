import {
  ActionIcon,
  Anchor,
  Badge,
  Box,
  Group,
  Menu,
  Stack,
  Table,
  Text,
  VisuallyHidden,
} from '@mantine/core';
import {
  IconAlertCircle,
  IconDots,
  IconKey,
  IconPlayerPause,
  IconPlayerPlay,
  IconSend,
} from '@tabler/icons-react';
import { Link } from 'react-router';
import { fmt, messages } from '../../../shared/messages';
import { formatDateWib } from '../../../shared/time';
import { formatCount, timestampWib } from '../../format';
import type { PartnerStatus, PartnerWithStats } from './types';

const m = messages.partners;

export interface PartnerActions {
  onRejections: (partner: PartnerWithStats) => void;
  onRotate: (partner: PartnerWithStats) => void;
  onSuspend: (partner: PartnerWithStats) => void;
  onActivate: (partner: PartnerWithStats) => void;
}

export function PartnerStatusBadge({ status }: { status: PartnerStatus }) {
  return (
    <Badge
      variant={status === 'active' ? 'light' : 'filled'}
      color={status === 'active' ? 'jateng' : 'orange'}
      size="sm"
      radius="sm"
      style={{ flexShrink: 0, minWidth: 'max-content' }}
      data-testid="partner-status"
    >
      {m.statuses[status]}
    </Badge>
  );
}

/** A column title with its unit below in small type: `Produk` / `aktif / semua`. */
function HeaderWithUnit({ label, unit }: { label: string; unit: string }) {
  return (
    <>
      <Text span size="sm" fw={700} display="block" style={{ whiteSpace: 'nowrap' }}>
        {label}
      </Text>
      <Text span size="xs" c="dimmed" fw={400} display="block" style={{ whiteSpace: 'nowrap' }}>
        {unit}
      </Text>
    </>
  );
}

function lastSyncText(partner: PartnerWithStats): string {
  return partner.stats.lastSyncAt ? timestampWib(partner.stats.lastSyncAt) : m.neverSynced;
}

/** The rejected-rows count; opens the partner's rejections. */
function RejectedCount({ partner, onOpen }: { partner: PartnerWithStats; onOpen: () => void }) {
  const count = partner.stats.rejectedLast24h;
  return (
    <Anchor
      component="button"
      type="button"
      onClick={onOpen}
      size="sm"
      c={count > 0 ? 'red.7' : 'dimmed'}
      fw={count > 0 ? 700 : undefined}
      aria-label={`${fmt(m.rejectedSummary, { count })}. ${fmt(m.showRejectionsOf, { name: partner.name })}`}
      data-testid="partner-rejected-count"
    >
      {formatCount(count)}
    </Anchor>
  );
}

/** `pending / dead`, dead in red; each links to that part of the outbox. */
function OutboxCounts({ partner }: { partner: PartnerWithStats }) {
  const { pendingOutbox: pending, deadOutbox: dead } = partner.stats;
  return (
    <Group gap={4} wrap="nowrap" data-testid="partner-outbox">
      <Anchor
        component={Link}
        to="/admin/outbox?status=pending"
        size="sm"
        c={pending > 0 ? undefined : 'dimmed'}
        aria-label={fmt(m.outboxPending, { count: pending })}
      >
        {formatCount(pending)}
      </Anchor>
      <Text span size="sm" c="dimmed" aria-hidden>
        /
      </Text>
      <Anchor
        component={Link}
        to="/admin/outbox?status=dead"
        size="sm"
        c={dead > 0 ? 'red.7' : 'dimmed'}
        fw={dead > 0 ? 700 : undefined}
        aria-label={fmt(m.outboxDead, { count: dead })}
        data-testid="partner-outbox-dead"
      >
        {formatCount(dead)}
      </Anchor>
    </Group>
  );
}

function PartnerMenu({ partner, actions }: { partner: PartnerWithStats; actions: PartnerActions }) {
  return (
    <Menu position="bottom-end" withinPortal shadow="md" width={240}>
      <Menu.Target>
        <ActionIcon
          variant="subtle"
          color="gray"
          size="lg"
          aria-label={fmt(m.actionsFor, { name: partner.name })}
          data-testid="partner-actions"
        >
          <IconDots size={18} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item
          leftSection={<IconAlertCircle size={16} />}
          onClick={() => actions.onRejections(partner)}
          data-testid="partner-action-rejections"
        >
          {m.showRejections}
        </Menu.Item>
        <Menu.Item leftSection={<IconSend size={16} />} component={Link} to="/admin/outbox">
          {m.showOutbox}
        </Menu.Item>
        <Menu.Divider />
        <Menu.Item
          leftSection={<IconKey size={16} />}
          onClick={() => actions.onRotate(partner)}
          data-testid="partner-action-rotate"
        >
          {m.rotate}
        </Menu.Item>
        {partner.status === 'active' ? (
          <Menu.Item
            color="red"
            leftSection={<IconPlayerPause size={16} />}
            onClick={() => actions.onSuspend(partner)}
            data-testid="partner-action-suspend"
          >
            {m.suspend}
          </Menu.Item>
        ) : (
          <Menu.Item
            leftSection={<IconPlayerPlay size={16} />}
            onClick={() => actions.onActivate(partner)}
            data-testid="partner-action-activate"
          >
            {m.activate}
          </Menu.Item>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}

export function PartnerTable({
  partners,
  actions,
  highlightCode,
}: {
  partners: PartnerWithStats[];
  actions: PartnerActions;
  highlightCode?: string | null;
}) {
  return (
    <Table.ScrollContainer minWidth={320} type="native">
      <Table striped highlightOnHover verticalSpacing="sm" horizontalSpacing="xs" data-testid="partner-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th pl="sm">{m.partner}</Table.Th>
            <Table.Th visibleFrom="sm">{m.status}</Table.Th>
            <Table.Th visibleFrom="md" ta="right">
              {m.sellers}
            </Table.Th>
            <Table.Th visibleFrom="md" ta="right">
              <HeaderWithUnit label={m.productsShort} unit={m.productsUnit} />
            </Table.Th>
            <Table.Th visibleFrom="md">{m.lastSync}</Table.Th>
            <Table.Th visibleFrom="sm" ta="right">
              <HeaderWithUnit label={m.rejectedShort} unit={m.rejectedUnit} />
            </Table.Th>
            <Table.Th visibleFrom="sm" ta="right">
              <HeaderWithUnit label={m.outboxShort} unit={m.outboxUnit} />
            </Table.Th>
            <Table.Th w={48}>
              <VisuallyHidden>{m.actions}</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {partners.map((partner) => {
            const { stats } = partner;
            return (
              <Table.Tr
                key={partner.code}
                data-code={partner.code}
                data-status={partner.status}
                bg={partner.code === highlightCode ? 'jateng.0' : undefined}
              >
                <Table.Td pl="sm">
                  <Group gap={6} wrap="nowrap" align="center">
                    <Text size="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>
                      {partner.name}
                    </Text>
                    <Box hiddenFrom="sm">
                      <PartnerStatusBadge status={partner.status} />
                    </Box>
                  </Group>
                  <Text size="xs" c="dimmed" ff="monospace">
                    {partner.code}
                  </Text>
                  <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }} data-testid="partner-joined">
                    {fmt(m.joinedOn, { date: formatDateWib(partner.joinedAt) })}
                  </Text>
                  <Stack gap={2} mt={6} hiddenFrom="md">
                    <Text size="xs">
                      {fmt(m.sellersSummary, { count: formatCount(stats.sellerCount) })} ·{' '}
                      {fmt(m.productsSummary, {
                        active: formatCount(stats.activeProductCount),
                        total: formatCount(stats.productCount),
                      })}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {m.lastSync}: {lastSyncText(partner)}
                    </Text>
                    <Group gap="xs" hiddenFrom="sm">
                      <Anchor
                        component="button"
                        type="button"
                        size="xs"
                        c={stats.rejectedLast24h > 0 ? 'red.7' : 'dimmed'}
                        fw={stats.rejectedLast24h > 0 ? 700 : undefined}
                        onClick={() => actions.onRejections(partner)}
                      >
                        {fmt(m.rejectedSummary, { count: formatCount(stats.rejectedLast24h) })}
                      </Anchor>
                    </Group>
                    <Group gap={6} hiddenFrom="sm">
                      <Text size="xs" c="dimmed">
                        {m.outboxShort}:
                      </Text>
                      <Anchor component={Link} to="/admin/outbox?status=pending" size="xs">
                        {fmt(m.outboxPending, { count: formatCount(stats.pendingOutbox) })}
                      </Anchor>
                      <Text span size="xs" c="dimmed" aria-hidden>
                        ·
                      </Text>
                      <Anchor
                        component={Link}
                        to="/admin/outbox?status=dead"
                        size="xs"
                        c={stats.deadOutbox > 0 ? 'red.7' : undefined}
                        fw={stats.deadOutbox > 0 ? 700 : undefined}
                      >
                        {fmt(m.outboxDead, { count: formatCount(stats.deadOutbox) })}
                      </Anchor>
                    </Group>
                  </Stack>
                </Table.Td>
                <Table.Td visibleFrom="sm">
                  <PartnerStatusBadge status={partner.status} />
                </Table.Td>
                <Table.Td visibleFrom="md" ta="right">
                  <Text size="sm">{formatCount(stats.sellerCount)}</Text>
                </Table.Td>
                <Table.Td visibleFrom="md" ta="right">
                  <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                    {formatCount(stats.activeProductCount)}
                    <Text span size="sm" c="dimmed">
                      {' / '}
                      {formatCount(stats.productCount)}
                    </Text>
                  </Text>
                </Table.Td>
                <Table.Td visibleFrom="md" miw={150}>
                  <Text size="sm" c={stats.lastSyncAt ? undefined : 'dimmed'}>
                    {lastSyncText(partner)}
                  </Text>
                </Table.Td>
                <Table.Td visibleFrom="sm" ta="right">
                  <RejectedCount partner={partner} onOpen={() => actions.onRejections(partner)} />
                </Table.Td>
                <Table.Td visibleFrom="sm">
                  <Group justify="flex-end">
                    <OutboxCounts partner={partner} />
                  </Group>
                </Table.Td>
                <Table.Td>
                  <PartnerMenu partner={partner} actions={actions} />
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
