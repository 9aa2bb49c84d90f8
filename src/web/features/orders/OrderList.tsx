import { Badge, Button, Card, Center, Group, Paper, Select, Stack, Text, ThemeIcon } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChevronRight, IconInbox, IconRefresh } from '@tabler/icons-react';
import { type ReactNode, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { fmt, messages } from '../../../shared/messages';
import { formatRupiah } from '../../../shared/money';
import { api, isApiError, withQuery } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { timestampWib } from '../../format';
import { useApiQuery } from '../../useApiQuery';
import { OrderStatusBadge } from './OrderBits';
import type { Order, OrderPage } from './types';

const m = messages.orders.list;
const PAGE_SIZE = '20';
const statusTitles: Record<number, string> = messages.errors.byStatus;

export interface StatusFilter {
  /** One status, several separated by commas, or '' for all. */
  value: string;
  label: string;
}

interface MorePages {
  key: string;
  first: OrderPage;
  items: Order[];
  nextCursor: string | null;
}

/** One order as a row: number and status, seller, satker, total and date; the whole row opens it. */
function OrderRow({ order, action }: { order: Order; action?: ReactNode }) {
  return (
    <Paper
      withBorder
      radius="md"
      p="sm"
      data-testid="order-row"
      data-number={order.number}
      data-status={order.status}
    >
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Stack gap={4} style={{ flex: '1 1 260px', minWidth: 0 }}>
          <Group gap="xs" wrap="wrap">
            <Text
              component={Link}
              to={`/pesanan/${encodeURIComponent(order.number)}`}
              fw={700}
              ff="monospace"
              c="jateng.8"
              aria-label={fmt(m.open, { number: order.number })}
              data-testid="order-link"
              style={{ overflowWrap: 'anywhere' }}
            >
              {order.number}
            </Text>
            <OrderStatusBadge status={order.status} size="sm" />
            {order.flags.length > 0 && (
              <Badge color="orange" variant="outline" size="sm" radius="sm" tt="none">
                {messages.orders.page.flags}
              </Badge>
            )}
          </Group>
          <Text size="sm" fw={500} truncate>
            {order.seller.name}
            <Text span size="sm" c="dimmed">
              {' · '}
              {order.partner.name}
            </Text>
          </Text>
          <Text size="xs" c="dimmed">
            {order.satkerCode} · {fmt(m.orderedAt, { time: timestampWib(order.orderedAt) })}
          </Text>
        </Stack>
        <Stack gap={6} align="flex-end" ml="auto" style={{ flex: '0 0 auto' }}>
          <Text fw={800} c="jateng.9" style={{ whiteSpace: 'nowrap' }}>
            {formatRupiah(order.totals.totalIdr)}
          </Text>
          <Group gap="xs" wrap="nowrap">
            {action}
            <Button
              component={Link}
              to={`/pesanan/${encodeURIComponent(order.number)}`}
              variant="subtle"
              size="xs"
              rightSection={<IconChevronRight size={14} />}
              tabIndex={-1}
              aria-hidden
            >
              {m.view}
            </Button>
          </Group>
        </Stack>
      </Group>
    </Paper>
  );
}

/**
 * Orders in the caller's scope with a status filter (kept in `?status=`) and cursor paging
 * ("Muat lagi"). With `canRetry`, routing_failed orders get a retry button (operators).
 */
export function OrderList({
  filters,
  defaultFilter,
  canRetry = false,
}: {
  filters: StatusFilter[];
  defaultFilter: string;
  canRetry?: boolean;
}) {
  const [searchParams, setSearchParams] = useSearchParams();
  const requested = searchParams.get('status');
  const filter = filters.some((f) => f.value === requested) ? (requested ?? '') : defaultFilter;
  const pathFor = (cursor?: string) =>
    withQuery('/api/v1/orders', { status: filter, cursor, limit: PAGE_SIZE });

  const firstPage = useApiQuery<OrderPage>(pathFor());
  const [more, setMore] = useState<MorePages | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<unknown>(null);
  const [retrying, setRetrying] = useState<string | null>(null);

  const extra = more && more.key === filter && more.first === firstPage.data ? more : null;
  const items = firstPage.data ? [...firstPage.data.items, ...(extra?.items ?? [])] : [];
  const nextCursor = extra ? extra.nextCursor : (firstPage.data?.nextCursor ?? null);

  const loadMore = async () => {
    if (!firstPage.data || !nextCursor) return;
    const first = firstPage.data;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const page = await api.get<OrderPage>(pathFor(nextCursor));
      setMore({
        key: filter,
        first,
        items: [...(extra?.items ?? []), ...page.items],
        nextCursor: page.nextCursor,
      });
    } catch (error) {
      setMoreError(error);
    } finally {
      setLoadingMore(false);
    }
  };

  const retry = async (order: Order) => {
    setRetrying(order.number);
    try {
      await api.post<Order>(`/api/v1/orders/${encodeURIComponent(order.number)}/retry-routing`);
      notifications.show({ color: 'jateng', message: fmt(m.retried, { number: order.number }) });
      firstPage.reload();
    } catch (error) {
      notifications.show({
        color: 'red',
        title: (isApiError(error) && statusTitles[error.status]) || m.retryFailed,
        message: isApiError(error) ? error.message : messages.errors.pageCrashed,
      });
    } finally {
      setRetrying(null);
    }
  };

  return (
    <Card radius="md" padding="md">
      <Stack gap="md">
        <Group gap="sm" wrap="wrap" align="flex-end">
          <Select
            label={m.filterStatus}
            data={filters.map((f) => ({ value: f.value || 'all', label: f.label }))}
            value={filter || 'all'}
            onChange={(value) => {
              setMoreError(null);
              const next = value === 'all' ? '' : (value ?? '');
              setSearchParams(next === defaultFilter ? {} : { status: next || 'all' }, { replace: true });
            }}
            allowDeselect={false}
            w={{ base: '100%', xs: 280 }}
            data-testid="order-status-filter"
          />
          {firstPage.data && items.length > 0 && (
            <Badge variant="light" size="lg" radius="sm" ml={{ xs: 'auto' }}>
              {fmt(m.shown, { count: items.length })}
            </Badge>
          )}
        </Group>
        {firstPage.error ? (
          <ErrorAlert error={firstPage.error} onRetry={firstPage.reload} />
        ) : !firstPage.data ? (
          <Loading />
        ) : items.length === 0 ? (
          <Center py="xl" data-testid="orders-empty">
            <Stack gap="sm" align="center" maw={420}>
              <ThemeIcon size={48} radius="xl" variant="light" color="jateng">
                <IconInbox size={26} />
              </ThemeIcon>
              <Text size="sm" c="dimmed" ta="center">
                {m.empty}
              </Text>
            </Stack>
          </Center>
        ) : (
          <Stack gap="sm" data-testid="order-list" data-ready={!firstPage.loading}>
            {items.map((order) => (
              <OrderRow
                key={order.number}
                order={order}
                action={
                  canRetry && order.status === 'routing_failed' ? (
                    <Button
                      size="xs"
                      leftSection={<IconRefresh size={14} />}
                      loading={retrying === order.number}
                      disabled={retrying !== null && retrying !== order.number}
                      onClick={() => retry(order)}
                      data-testid="order-retry"
                    >
                      {m.retry}
                    </Button>
                  ) : undefined
                }
              />
            ))}
            <ErrorAlert error={moreError} onRetry={loadMore} />
            {nextCursor && (
              <Group justify="center">
                <Button variant="light" onClick={loadMore} loading={loadingMore} data-testid="orders-more">
                  {m.loadMore}
                </Button>
              </Group>
            )}
          </Stack>
        )}
      </Stack>
    </Card>
  );
}

/** Every status, for the lists that show all orders. */
export function allStatusFilters(): StatusFilter[] {
  return [
    { value: '', label: m.allStatuses },
    ...Object.entries(messages.orders.statuses).map(([value, label]) => ({ value, label })),
  ];
}
