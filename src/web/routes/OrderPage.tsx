import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Card,
  Grid,
  Group,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Timeline,
  Title,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconArrowLeft, IconFileTypePdf, IconFlag } from '@tabler/icons-react';
import { type ReactNode, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { fmt, messages } from '../../shared/messages';
import { formatRupiah } from '../../shared/money';
import { ErrorAlert } from '../components/ErrorAlert';
import { Loading } from '../components/Loading';
import { hasRole, useMe } from '../features/accounts/session';
import { OrderActionButtons, PaymentForm, ReceiptForm } from '../features/orders/OrderActions';
import { OrderStatusBadge, statusLabel, TotalsTable } from '../features/orders/OrderBits';
import { type Order, orderDocumentPaths } from '../features/orders/types';
import { formatPercent, timestampWib } from '../format';
import { useApiQuery } from '../useApiQuery';

const p = messages.orders.page;

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Box>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" fw={500} component="div" style={{ overflowWrap: 'anywhere' }}>
        {children}
      </Text>
    </Box>
  );
}

function byLabel(by: string): string {
  return (messages.orders.historyBy as Record<string, string>)[by] ?? by;
}

function historyAt(order: Order, status: string): string | undefined {
  return order.history.filter((h) => h.status === status).at(-1)?.at;
}

function LinesTable({ order }: { order: Order }) {
  const received = order.lines.some((line) => line.qtyAccepted !== null);
  return (
    <Table.ScrollContainer minWidth={520} type="native">
      <Table verticalSpacing="xs" horizontalSpacing="sm" striped data-testid="order-lines">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={40}>{p.lineNo}</Table.Th>
            <Table.Th>{p.product}</Table.Th>
            <Table.Th ta="right">{p.qty}</Table.Th>
            {received && <Table.Th ta="right">{p.qtyAccepted}</Table.Th>}
            <Table.Th ta="right">{p.unitPrice}</Table.Th>
            <Table.Th ta="right">{p.lineTotal}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {order.lines.map((line) => (
            <Table.Tr key={line.lineNo}>
              <Table.Td>{line.lineNo}</Table.Td>
              <Table.Td>
                <Text size="sm">{line.name}</Text>
                {line.tkdnPercent !== null && (
                  <Text size="xs" c="dimmed">
                    {fmt(p.tkdn, { percent: formatPercent(line.tkdnPercent) })}
                  </Text>
                )}
              </Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                {line.qty} {line.unit}
              </Table.Td>
              {received && (
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                  {line.qtyAccepted ?? messages.common.none}
                </Table.Td>
              )}
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                {formatRupiah(line.unitPriceIdr)}
              </Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                {formatRupiah(line.lineTotalIdr)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function HistoryTimeline({ order }: { order: Order }) {
  return (
    <Timeline
      active={order.history.length - 1}
      bulletSize={14}
      lineWidth={2}
      color="jateng"
      data-testid="order-timeline"
    >
      {order.history.map((entry, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: history only grows at the end; a status can repeat at one time.
        <Timeline.Item key={`${entry.status}-${entry.at}-${index}`} title={statusLabel(entry.status)}>
          <Text size="xs" c="dimmed">
            {timestampWib(entry.at)}
          </Text>
          <Text size="xs" c="dimmed">
            {fmt(p.by, { by: byLabel(entry.by) })}
          </Text>
        </Timeline.Item>
      ))}
    </Timeline>
  );
}

function Documents({ order }: { order: Order }) {
  return (
    <Stack gap="xs" data-testid="order-documents">
      <Anchor href={orderDocumentPaths.sp(order.number)} target="_blank" data-testid="doc-sp">
        <Group gap={6} wrap="nowrap">
          <IconFileTypePdf size={18} />
          {p.sp}
        </Group>
      </Anchor>
      {order.bastNumber ? (
        <Anchor href={orderDocumentPaths.bast(order.number)} target="_blank" data-testid="doc-bast">
          <Group gap={6} wrap="nowrap">
            <IconFileTypePdf size={18} />
            {fmt(p.bast, { number: order.bastNumber })}
          </Group>
        </Anchor>
      ) : (
        <Text size="xs" c="dimmed">
          {p.bastPending}
        </Text>
      )}
    </Stack>
  );
}

/** The invoice and payment as the order itself knows them (amount = total, times from the history). */
function InvoiceSection({ order }: { order: Order }) {
  const invoicedAt = historyAt(order, 'invoiced');
  const paidAt = historyAt(order, 'paid');
  const forwardedAt = historyAt(order, 'completed');
  if (!invoicedAt) {
    return (
      <Text size="sm" c="dimmed">
        {p.invoicePending}
      </Text>
    );
  }
  return (
    <Stack gap="xs" data-testid="order-invoice">
      <Fact label={p.invoicedAt}>{timestampWib(invoicedAt)}</Fact>
      <Fact label={p.invoiceAmount}>{formatRupiah(order.totals.totalIdr)}</Fact>
      <Fact label={p.paidAt}>{paidAt ? timestampWib(paidAt) : p.notPaid}</Fact>
      {forwardedAt && <Fact label={p.forwardedAt}>{timestampWib(forwardedAt)}</Fact>}
    </Stack>
  );
}

/** /pesanan/:number: the order with its lines, totals, timeline, documents and the actions of the caller's roles. */
export function OrderPage() {
  const { number = '' } = useParams();
  useDocumentTitle(fmt(messages.app.pageTitle, { page: fmt(p.pageTitle, { number }) }));
  const me = useMe();
  const query = useApiQuery<Order>(`/api/v1/orders/${encodeURIComponent(number)}`);
  const [updated, setUpdated] = useState<Order | null>(null);
  // A fresh read replaces what an action returned.
  useEffect(() => {
    if (query.data) setUpdated(null);
  }, [query.data]);
  const order = updated?.number === number ? updated : query.data;

  const back = (
    <Button
      component={Link}
      to={
        hasRole(me, 'pp')
          ? '/pesanan'
          : hasRole(me, 'ppk')
            ? '/ppk'
            : hasRole(me, 'bendahara')
              ? '/pembayaran'
              : '/admin/pesanan'
      }
      variant="subtle"
      size="xs"
      px={0}
      leftSection={<IconArrowLeft size={14} />}
    >
      {p.back}
    </Button>
  );

  if (query.error) {
    return (
      <Stack>
        <Box>{back}</Box>
        <ErrorAlert error={query.error} onRetry={query.reload} />
      </Stack>
    );
  }
  if (!order) return <Loading />;

  const isPpk = hasRole(me, 'ppk');
  return (
    <Stack gap="lg" data-testid="order-page" data-number={order.number} data-status={order.status}>
      <Stack gap={6}>
        <Box>{back}</Box>
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
          <Box style={{ minWidth: 0 }}>
            <Title
              order={1}
              fz={{ base: 20, sm: 28 }}
              c="jateng.9"
              ff="monospace"
              style={{ overflowWrap: 'anywhere' }}
            >
              {order.number}
            </Title>
            <Text size="sm" c="dimmed">
              {p.orderedAt} {timestampWib(order.orderedAt)}
            </Text>
          </Box>
          <Group gap="xs">
            <OrderStatusBadge status={order.status} size="lg" />
            <Button variant="default" size="xs" onClick={query.reload} loading={query.loading}>
              {messages.errors.reload}
            </Button>
          </Group>
        </Group>
      </Stack>

      {order.flags.length > 0 && (
        <Alert
          color="orange"
          variant="light"
          icon={<IconFlag size={18} />}
          title={p.flags}
          data-testid="order-flags"
        >
          <Stack gap={4}>
            {order.flags.map((flag) => (
              <Text key={flag.code} size="sm">
                {flag.message}
              </Text>
            ))}
          </Stack>
        </Alert>
      )}

      <OrderActionButtons
        order={order}
        canApprove={isPpk}
        canCancelOrder={isPpk || hasRole(me, 'pp')}
        canRetry={hasRole(me, 'operator')}
        onDone={setUpdated}
      />
      {isPpk && order.status === 'delivered' && <ReceiptForm order={order} onDone={setUpdated} />}
      {hasRole(me, 'bendahara') && order.status === 'invoiced' && (
        <PaymentForm order={order} onDone={setUpdated} />
      )}

      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="lg">
            <Card radius="md" padding="md">
              <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
                <Fact label={p.seller}>
                  {order.seller.name}
                  <Group gap={4} mt={4}>
                    <Badge size="xs" variant="light" color="sogan" radius="sm" tt="none">
                      {(p.scales as Record<string, string>)[order.seller.scale] ?? order.seller.scale}
                    </Badge>
                    <Badge size="xs" variant="outline" color="gray" radius="sm" tt="none">
                      {order.seller.isPkp ? p.pkp : p.nonPkp}
                    </Badge>
                  </Group>
                </Fact>
                <Fact label={p.partner}>{order.partner.name}</Fact>
                <Fact label={p.satker}>
                  {me.satkers.find((satker) => satker.code === order.satkerCode)?.name ?? order.satkerCode}
                </Fact>
                <Fact label={p.deliveryAddress}>{order.deliveryAddress}</Fact>
                {order.notes && <Fact label={p.notes}>{order.notes}</Fact>}
              </SimpleGrid>
            </Card>
            <Card radius="md" padding="md">
              <Title order={2} fz="lg" mb="sm">
                {p.lines}
              </Title>
              <LinesTable order={order} />
              <Box maw={420} ml="auto" mt="sm">
                <TotalsTable totals={order.totals} testId="order-totals" />
              </Box>
            </Card>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="lg">
            <Card radius="md" padding="md">
              <Title order={2} fz="lg" mb="sm">
                {p.documents}
              </Title>
              <Documents order={order} />
            </Card>
            <Card radius="md" padding="md">
              <Title order={2} fz="lg" mb="sm">
                {p.invoice}
              </Title>
              <InvoiceSection order={order} />
            </Card>
            <Card radius="md" padding="md">
              <Title order={2} fz="lg" mb="sm">
                {p.timeline}
              </Title>
              <HistoryTimeline order={order} />
            </Card>
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
