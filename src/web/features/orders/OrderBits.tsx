import { Badge, Table, Text } from '@mantine/core';
import { messages } from '../../../shared/messages';
import { formatRupiah } from '../../../shared/money';
import type { OrderStatus, OrderTotals } from './types';

const m = messages.orders;

const statusColors: Record<OrderStatus, string> = {
  pending_approval: 'yellow',
  sent: 'blue',
  accepted: 'blue',
  shipped: 'cyan',
  delivered: 'teal',
  received: 'teal',
  invoiced: 'grape',
  paid: 'jateng',
  completed: 'jateng',
  rejected: 'red',
  cancelled: 'gray',
  routing_failed: 'red',
};

export function statusLabel(status: string): string {
  return (m.statuses as Record<string, string>)[status] ?? status;
}

export function OrderStatusBadge({
  status,
  size = 'md',
}: {
  status: OrderStatus;
  size?: 'sm' | 'md' | 'lg';
}) {
  return (
    <Badge
      color={statusColors[status] ?? 'gray'}
      variant={status === 'completed' ? 'filled' : 'light'}
      size={size}
      radius="sm"
      tt="none"
      data-testid="order-status"
      data-status={status}
    >
      {statusLabel(status)}
    </Badge>
  );
}

/** DPP, PPN, PBJT, PPh 22 and the total; taxes that are zero are left out. */
export function TotalsTable({ totals, testId }: { totals: OrderTotals; testId?: string }) {
  const rows: Array<[string, number, boolean]> = [
    [m.totals.gross, totals.grossIdr, totals.grossIdr !== totals.dppIdr],
    [m.totals.dpp, totals.dppIdr, true],
    [m.totals.ppn, totals.ppnIdr, totals.ppnIdr !== 0],
    [m.totals.pbjt, totals.pbjtIdr, totals.pbjtIdr !== 0],
    [m.totals.pph22, totals.pph22Idr, totals.pph22Idr !== 0],
  ];
  return (
    <Table verticalSpacing={4} horizontalSpacing={0} data-testid={testId}>
      <Table.Tbody>
        {rows
          .filter(([, , shown]) => shown)
          .map(([label, amount]) => (
            <Table.Tr key={label}>
              <Table.Td>
                <Text size="sm" c="dimmed">
                  {label}
                </Text>
              </Table.Td>
              <Table.Td ta="right">
                <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                  {formatRupiah(amount)}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        <Table.Tr>
          <Table.Td>
            <Text fw={700}>{m.totals.total}</Text>
          </Table.Td>
          <Table.Td ta="right">
            <Text fw={800} c="jateng.9" style={{ whiteSpace: 'nowrap' }} data-testid="order-total">
              {formatRupiah(totals.totalIdr)}
            </Text>
          </Table.Td>
        </Table.Tr>
      </Table.Tbody>
    </Table>
  );
}
