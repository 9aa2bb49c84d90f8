import {
  Box,
  Button,
  Card,
  Group,
  Modal,
  NumberInput,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCash, IconCheck, IconRefresh, IconSignature, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { fmt, messages } from '../../../shared/messages';
import { formatRupiah } from '../../../shared/money';
import { WIB_TIME_ZONE } from '../../../shared/time';
import { api } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { fieldErrorsOf } from '../../formErrors';
import type { Order } from './types';

const p = messages.orders.page;
const r = messages.orders.receipt;
const pay = messages.orders.payment;

/** `YYYY-MM-DDTHH:mm` of now in WIB, for a datetime-local input. */
export function nowWibLocal(): string {
  const parts = new Intl.DateTimeFormat('sv-SE', {
    timeZone: WIB_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date());
  return parts.replace(' ', 'T');
}

/** A datetime-local value read as WIB → ISO with offset. */
export function wibLocalToIso(value: string): string {
  return `${value.length === 16 ? `${value}:00` : value}+07:00`;
}

const orderPath = (order: Order, action: string) =>
  `/api/v1/orders/${encodeURIComponent(order.number)}/${action}`;

/** The statuses a PP or PPK may cancel from (the lifecycle table). */
const cancellable = new Set(['pending_approval', 'sent', 'accepted', 'routing_failed']);

export function canCancel(order: Order): boolean {
  return cancellable.has(order.status);
}

/** Approve / cancel / retry buttons; `onDone` gets the order as the server returns it. */
export function OrderActionButtons({
  order,
  canApprove,
  canCancelOrder,
  canRetry,
  onDone,
}: {
  order: Order;
  canApprove: boolean;
  canCancelOrder: boolean;
  canRetry: boolean;
  onDone: (order: Order) => void;
}) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [cancelOpen, setCancelOpen] = useState(false);
  const [reason, setReason] = useState('');

  const run = async (action: string, body: unknown, done: string) => {
    setBusy(action);
    setError(null);
    try {
      const updated = await api.post<Order>(orderPath(order, action), body);
      notifications.show({ color: 'jateng', message: done });
      setCancelOpen(false);
      onDone(updated);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  const approve = canApprove && order.status === 'pending_approval';
  const cancel = canCancelOrder && canCancel(order);
  const retry = canRetry && order.status === 'routing_failed';
  if (!approve && !cancel && !retry) return null;
  return (
    <Card radius="md" padding="md" data-testid="order-actions">
      <Title order={2} fz="lg" mb="sm">
        {p.actions}
      </Title>
      <Stack gap="sm">
        {!cancelOpen && <ErrorAlert error={error} title={p.actionFailed} />}
        <Group gap="sm" wrap="wrap">
          {approve && (
            <Button
              leftSection={<IconCheck size={16} />}
              loading={busy === 'approve'}
              onClick={() => run('approve', undefined, p.approved)}
              data-testid="order-approve"
            >
              {p.approve}
            </Button>
          )}
          {retry && (
            <Button
              leftSection={<IconRefresh size={16} />}
              loading={busy === 'retry-routing'}
              onClick={() => run('retry-routing', undefined, p.retried)}
              data-testid="order-retry"
            >
              {p.retry}
            </Button>
          )}
          {cancel && (
            <Button
              variant="light"
              color="red"
              leftSection={<IconX size={16} />}
              onClick={() => {
                setError(null);
                setCancelOpen(true);
              }}
              data-testid="order-cancel"
            >
              {p.cancel}
            </Button>
          )}
        </Group>
      </Stack>
      <Modal
        opened={cancelOpen}
        onClose={() => setCancelOpen(false)}
        title={fmt(p.cancelTitle, { number: order.number })}
        centered
      >
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void run('cancel', { reason: reason.trim() }, p.cancelled);
          }}
        >
          <Stack gap="sm">
            <Textarea
              label={p.cancelReason}
              description={p.cancelReasonHint}
              value={reason}
              onChange={(event) => setReason(event.currentTarget.value)}
              required
              minLength={3}
              maxLength={2000}
              autosize
              minRows={3}
              error={fieldErrorsOf(error).reason}
              data-autofocus
              data-testid="cancel-reason"
            />
            <ErrorAlert error={error} title={p.actionFailed} withFieldIssues={false} />
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={() => setCancelOpen(false)}>
                {messages.common.cancel}
              </Button>
              <Button
                type="submit"
                color="red"
                loading={busy === 'cancel'}
                disabled={reason.trim().length < 3}
                data-testid="cancel-confirm"
              >
                {p.cancelConfirm}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Card>
  );
}

/** The PPK's BAST: accepted quantity (default: all) and a note per line, received time, a note. */
export function ReceiptForm({ order, onDone }: { order: Order; onDone: (order: Order) => void }) {
  const [receivedAt, setReceivedAt] = useState(nowWibLocal);
  const [note, setNote] = useState('');
  const [lines, setLines] = useState(() =>
    order.lines.map((line) => ({ lineNo: line.lineNo, qtyAccepted: line.qty, note: '' })),
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const estimate = order.lines.reduce(
    (sum, line, index) => sum + line.unitPriceIdr * (lines[index]?.qtyAccepted ?? line.qty),
    0,
  );

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const updated = await api.post<Order>(orderPath(order, 'receipt'), {
        receivedAt: wibLocalToIso(receivedAt),
        note: note.trim() || null,
        lines: lines.map((line) => ({ ...line, note: line.note.trim() || null })),
      });
      notifications.show({ color: 'jateng', message: r.signed });
      onDone(updated);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const setLine = (index: number, patch: Partial<{ qtyAccepted: number; note: string }>) =>
    setLines((current) => current.map((line, i) => (i === index ? { ...line, ...patch } : line)));

  return (
    <Card radius="md" padding="md" data-testid="receipt-form">
      <Title order={2} fz="lg">
        {r.heading}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {r.intro}
      </Text>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <Stack gap="sm">
          {order.lines.map((line, index) => (
            <Box key={line.lineNo} p="sm" bg="gray.0" style={{ borderRadius: 'var(--mantine-radius-md)' }}>
              <Text size="sm" fw={600}>
                {line.lineNo}. {line.name}
              </Text>
              <Text size="xs" c="dimmed" mb={6}>
                {fmt(r.ordered, { qty: line.qty, unit: line.unit })}
              </Text>
              <Group gap="sm" align="flex-start" wrap="wrap">
                <NumberInput
                  label={r.qtyAccepted}
                  aria-label={fmt(r.qtyAcceptedOf, { lineNo: line.lineNo })}
                  value={lines[index]?.qtyAccepted ?? line.qty}
                  min={0}
                  max={line.qty}
                  clampBehavior="strict"
                  allowDecimal={false}
                  allowNegative={false}
                  onChange={(value) => setLine(index, { qtyAccepted: typeof value === 'number' ? value : 0 })}
                  w={140}
                  rightSection={
                    <Text size="xs" c="dimmed" pr={6}>
                      {line.unit}
                    </Text>
                  }
                  rightSectionWidth={56}
                  data-testid="receipt-qty"
                />
                <TextInput
                  label={r.lineNote}
                  aria-label={fmt(r.lineNoteOf, { lineNo: line.lineNo })}
                  value={lines[index]?.note ?? ''}
                  onChange={(event) => setLine(index, { note: event.currentTarget.value })}
                  maxLength={1000}
                  style={{ flex: '1 1 220px' }}
                  data-testid="receipt-line-note"
                />
              </Group>
            </Box>
          ))}
          <TextInput
            type="datetime-local"
            label={r.receivedAt}
            value={receivedAt}
            onChange={(event) => setReceivedAt(event.currentTarget.value)}
            required
            maw={280}
            data-testid="receipt-received-at"
          />
          <Textarea
            label={r.note}
            description={messages.common.optional}
            value={note}
            onChange={(event) => setNote(event.currentTarget.value)}
            autosize
            minRows={2}
            maxLength={2000}
            data-testid="receipt-note"
          />
          <Text size="sm" fw={600}>
            {fmt(r.newTotal, { amount: formatRupiah(estimate) })}
          </Text>
          <ErrorAlert error={error} title={p.actionFailed} />
          <Group justify="flex-end">
            <Button
              type="submit"
              leftSection={<IconSignature size={18} />}
              loading={busy}
              disabled={!receivedAt}
              data-testid="receipt-submit"
            >
              {r.submit}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

/** The bendahara's payment: method, amount (must equal the total), reference, paid time. */
export function PaymentForm({ order, onDone }: { order: Order; onDone: (order: Order) => void }) {
  const [method, setMethod] = useState<string | null>('va');
  const [amount, setAmount] = useState<number>(order.totals.totalIdr);
  const [reference, setReference] = useState('');
  const [paidAt, setPaidAt] = useState(nowWibLocal);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const total = formatRupiah(order.totals.totalIdr);
  const mismatch = amount !== order.totals.totalIdr;
  const fieldErrors = fieldErrorsOf(error);

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const updated = await api.post<Order>(orderPath(order, 'payment'), {
        method,
        amountIdr: amount,
        paidAt: wibLocalToIso(paidAt),
        reference: reference.trim(),
      });
      notifications.show({ color: 'jateng', message: pay.paid });
      onDone(updated);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card radius="md" padding="md" data-testid="payment-form">
      <Title order={2} fz="lg">
        {pay.heading}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {fmt(pay.intro, { total })}
      </Text>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <Stack gap="sm" maw={520}>
          <Select
            label={pay.method}
            data={Object.entries(pay.methods).map(([value, label]) => ({ value, label }))}
            value={method}
            onChange={setMethod}
            allowDeselect={false}
            required
            data-testid="payment-method"
          />
          <NumberInput
            label={pay.amount}
            value={amount}
            onChange={(value) => setAmount(typeof value === 'number' ? value : 0)}
            prefix="Rp"
            thousandSeparator="."
            decimalSeparator=","
            allowDecimal={false}
            allowNegative={false}
            required
            error={mismatch ? fmt(pay.amountMismatch, { total }) : fieldErrors.amountIdr}
            data-testid="payment-amount"
          />
          <TextInput
            label={pay.reference}
            value={reference}
            onChange={(event) => setReference(event.currentTarget.value)}
            required
            maxLength={100}
            error={fieldErrors.reference}
            data-testid="payment-reference"
          />
          <TextInput
            type="datetime-local"
            label={pay.paidAt}
            value={paidAt}
            onChange={(event) => setPaidAt(event.currentTarget.value)}
            required
            maw={280}
            data-testid="payment-paid-at"
          />
          <ErrorAlert error={error} title={p.actionFailed} withFieldIssues={false} />
          <Group>
            <Button
              type="submit"
              leftSection={<IconCash size={18} />}
              loading={busy}
              disabled={mismatch || !reference.trim() || !paidAt || !method}
              data-testid="payment-submit"
            >
              {pay.submit}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
