import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Card,
  Center,
  Divider,
  Grid,
  Group,
  NumberInput,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import {
  IconAlertTriangle,
  IconArrowLeft,
  IconChecklist,
  IconShoppingCart,
  IconShoppingCartOff,
  IconTrash,
} from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { fmt, messages } from '../../shared/messages';
import { formatRupiah } from '../../shared/money';
import { api } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageHeader } from '../components/PageHeader';
import { useMe } from '../features/accounts/session';
import { type CartLine, useCart } from '../features/catalog/cart';
import type { ProductPage } from '../features/catalog/types';
import { OrderStatusBadge, TotalsTable } from '../features/orders/OrderBits';
import type {
  CheckoutBody,
  CheckoutPreview,
  CheckoutResult,
  CheckoutWarning,
} from '../features/orders/types';
import { fieldErrorsOf } from '../formErrors';
import { useApiQuery } from '../useApiQuery';
import type { CreatedOrdersState } from './OrderListPages';

const m = messages.orders.cart;
const c = messages.orders.checkout;
const MIN_REASON = 10;

/** One cart line with the product read from the catalogue: price, seller, minimum and stock. */
function CartLineRow({
  line,
  onQty,
  onRemove,
}: {
  line: CartLine;
  onQty: (qty: number) => void;
  onRemove: () => void;
}) {
  const { data, error } = useApiQuery<ProductPage>(`/api/v1/catalog/products/${line.productId}`);
  const product = data?.product;
  const name = product?.name ?? line.productId;
  const belowMinimum = product ? line.qty < product.minOrderQty : false;
  return (
    <Box py="sm" data-testid="cart-line" data-product-id={line.productId} data-seller={product?.seller.id}>
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Stack gap={2} style={{ flex: '1 1 240px', minWidth: 0 }}>
          {product ? (
            <Anchor component={Link} to={`/katalog/produk/${product.id}`} fw={600} size="sm">
              {product.name}
            </Anchor>
          ) : (
            <Text size="sm" fw={600} c={error ? 'red.8' : undefined}>
              {error ? m.productMissing : messages.common.loading}
            </Text>
          )}
          {product && (
            <>
              <Text size="xs" c="dimmed">
                {product.seller.name} · {product.partner.name}
              </Text>
              <Text size="sm">
                {fmt(m.unitPrice, { price: formatRupiah(product.priceIdr), unit: product.unit })}
              </Text>
              {product.minOrderQty > 1 && (
                <Text size="xs" c={belowMinimum ? 'red.8' : 'dimmed'} fw={belowMinimum ? 600 : undefined}>
                  {fmt(m.minQty, { qty: product.minOrderQty, unit: product.unit })}
                </Text>
              )}
              {!product.isActive && (
                <Text size="xs" c="red.8" fw={600}>
                  {m.inactive}
                </Text>
              )}
            </>
          )}
        </Stack>
        <Group gap="sm" align="flex-end" wrap="nowrap">
          <NumberInput
            aria-label={fmt(m.qtyOf, { name })}
            value={line.qty}
            min={1}
            max={product?.stock ?? undefined}
            allowDecimal={false}
            allowNegative={false}
            thousandSeparator="."
            decimalSeparator=","
            w={110}
            size="sm"
            onChange={(value) => {
              const qty = typeof value === 'number' ? value : Number.parseInt(value, 10);
              if (Number.isInteger(qty) && qty >= 1) onQty(qty);
            }}
            data-testid="cart-qty"
          />
          <Box ta="right" miw={110}>
            <Text size="xs" c="dimmed">
              {m.lineTotal}
            </Text>
            <Text fw={700} size="sm" style={{ whiteSpace: 'nowrap' }}>
              {product ? formatRupiah(product.priceIdr * line.qty) : messages.common.none}
            </Text>
          </Box>
          <Button
            variant="subtle"
            color="red"
            size="sm"
            px={8}
            onClick={onRemove}
            aria-label={fmt(m.removeOf, { name })}
            data-testid="cart-remove"
          >
            <IconTrash size={18} />
          </Button>
        </Group>
      </Group>
    </Box>
  );
}

function WarningAlert({ warning }: { warning: CheckoutWarning }) {
  return (
    <Alert
      color={warning.requiresReason ? 'red' : 'orange'}
      variant="light"
      icon={<IconAlertTriangle size={18} />}
      data-testid="checkout-warning"
      data-code={warning.code}
    >
      <Text size="sm">{warning.message}</Text>
    </Alert>
  );
}

/** The dry run of checkout: the orders per seller with totals, status and warnings. */
function PreviewOrders({ preview }: { preview: CheckoutPreview }) {
  const shownInOrders = new Set(
    preview.orders.flatMap((order) => order.warnings.map((w) => `${w.code}|${w.sellerId}`)),
  );
  const general = preview.warnings.filter((w) => !shownInOrders.has(`${w.code}|${w.sellerId}`));
  return (
    <Stack gap="md">
      {general.map((warning) => (
        <WarningAlert key={`${warning.code}-${warning.sellerId}`} warning={warning} />
      ))}
      {preview.orders.map((order, index) => (
        <Card key={order.seller.id} radius="md" padding="md" withBorder data-testid="preview-order">
          <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs" mb="xs">
            <Box style={{ minWidth: 0, flex: '1 1 240px' }}>
              <Title order={3} fz="md" c="jateng.9">
                {fmt(c.orderOf, { index: index + 1, seller: order.seller.name })}
              </Title>
              <Text size="xs" c="dimmed">
                {fmt(c.via, { partner: order.partner.name })}
              </Text>
            </Box>
            <Stack gap={2} align="flex-end">
              <Text size="xs" c="dimmed">
                {c.willBe}
              </Text>
              <OrderStatusBadge status={order.status} size="sm" />
            </Stack>
          </Group>
          <Table verticalSpacing={4} horizontalSpacing="xs">
            <Table.Tbody>
              {order.lines.map((line) => (
                <Table.Tr key={line.productId}>
                  <Table.Td>
                    <Text size="sm">{line.name}</Text>
                    <Text size="xs" c="dimmed">
                      {line.qty} {line.unit} × {formatRupiah(line.unitPriceIdr)}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                      {formatRupiah(line.lineTotalIdr)}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Divider my="xs" />
          <Box maw={420} ml="auto">
            <TotalsTable totals={order.totals} />
          </Box>
          {order.warnings.length > 0 && (
            <Stack gap="xs" mt="sm">
              {order.warnings.map((warning) => (
                <WarningAlert key={warning.code} warning={warning} />
              ))}
            </Stack>
          )}
        </Card>
      ))}
    </Stack>
  );
}

/** /keranjang: the PP's cart, delivery details, the checkout preview and placing the orders. */
export function CartPage() {
  useDocumentTitle(fmt(messages.app.pageTitle, { page: m.pageTitle }));
  const me = useMe();
  const cart = useCart();
  const navigate = useNavigate();
  const satkers = me.satkers;
  const [satkerCode, setSatkerCode] = useState<string | null>(
    satkers.length === 1 ? (satkers[0]?.code ?? null) : null,
  );
  const [address, setAddress] = useState('');
  const [notes, setNotes] = useState('');
  const [splitReason, setSplitReason] = useState('');
  const [preview, setPreview] = useState<{ key: string; data: CheckoutPreview } | null>(null);
  const [checking, setChecking] = useState(false);
  const [placing, setPlacing] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const body: CheckoutBody = {
    satkerCode: satkerCode ?? '',
    deliveryAddress: address.trim(),
    notes: notes.trim() || null,
    lines: cart.lines.map((line) => ({ productId: line.productId, qty: line.qty })),
  };
  const bodyKey = JSON.stringify(body);
  const current = preview && preview.key === bodyKey ? preview.data : null;
  const stale = preview !== null && !current;
  const fieldErrors = fieldErrorsOf(error);
  const needsReason =
    current !== null &&
    [...current.warnings, ...current.orders.flatMap((order) => order.warnings)].some((w) => w.requiresReason);
  const reasonOk = !needsReason || splitReason.trim().length >= MIN_REASON;
  const grandTotal = current?.orders.reduce((sum, order) => sum + order.totals.totalIdr, 0) ?? 0;

  const check = async () => {
    setChecking(true);
    setError(null);
    try {
      const data = await api.post<CheckoutPreview>('/api/v1/orders/preview', body);
      setPreview({ key: bodyKey, data });
      setTimeout(() => document.getElementById('checkout')?.scrollIntoView({ behavior: 'smooth' }), 50);
    } catch (e) {
      setPreview(null);
      setError(e);
    } finally {
      setChecking(false);
    }
  };

  const place = async () => {
    setPlacing(true);
    setError(null);
    try {
      const result = await api.post<CheckoutResult>('/api/v1/orders', {
        ...body,
        splitReason: needsReason ? splitReason.trim() : null,
      });
      const numbers = result.orders.map((order) => order.number);
      cart.clear();
      notifications.show({
        color: 'jateng',
        title: c.placed,
        message: fmt(c.placedText, { count: numbers.length, numbers: numbers.join(', ') }),
      });
      const state: CreatedOrdersState = { created: numbers };
      navigate('/pesanan', { state });
    } catch (e) {
      setError(e);
    } finally {
      setPlacing(false);
    }
  };

  if (cart.lines.length === 0) {
    return (
      <>
        <PageHeader title={m.heading} description={m.intro} />
        <Card radius="md" padding="xl">
          <Center>
            <Stack align="center" gap="sm" maw={420} data-testid="cart-empty">
              <ThemeIcon size={56} radius="xl" variant="light" color="jateng">
                <IconShoppingCartOff size={30} />
              </ThemeIcon>
              <Text c="dimmed" ta="center">
                {m.empty}
              </Text>
              <Button component={Link} to="/katalog" leftSection={<IconShoppingCart size={16} />}>
                {m.toCatalog}
              </Button>
            </Stack>
          </Center>
        </Card>
      </>
    );
  }

  return (
    <>
      <PageHeader
        title={m.heading}
        description={m.intro}
        action={
          <Button
            variant="subtle"
            color="red"
            leftSection={<IconTrash size={16} />}
            onClick={() => {
              cart.clear();
              setPreview(null);
              notifications.show({ color: 'jateng', message: m.cleared });
            }}
            data-testid="cart-clear"
          >
            {m.clear}
          </Button>
        }
      />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Card radius="md" padding="md" data-testid="cart-lines">
            <Group justify="space-between" mb={4}>
              <Title order={2} fz="lg">
                {m.products}
              </Title>
              <Badge variant="light" radius="sm">
                {fmt(messages.nav.cartCount, { count: cart.count })}
              </Badge>
            </Group>
            <Stack gap={0}>
              {cart.lines.map((line, index) => (
                <Box key={line.productId}>
                  {index > 0 && <Divider />}
                  <CartLineRow
                    line={line}
                    onQty={(qty) => cart.setQty(line.productId, qty)}
                    onRemove={() => cart.remove(line.productId)}
                  />
                </Box>
              ))}
            </Stack>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Card radius="md" padding="md">
            <Title order={2} fz="lg" mb="sm">
              {m.delivery}
            </Title>
            <Stack gap="sm">
              <Select
                label={m.satker}
                placeholder={m.satkerPlaceholder}
                data={satkers.map((s) => ({ value: s.code, label: s.name }))}
                value={satkerCode}
                onChange={setSatkerCode}
                required
                allowDeselect={false}
                error={fieldErrors.satkerCode}
                comboboxProps={{ withinPortal: true }}
                data-testid="cart-satker"
              />
              <Textarea
                label={m.address}
                placeholder={m.addressPlaceholder}
                value={address}
                onChange={(event) => setAddress(event.currentTarget.value)}
                required
                autosize
                minRows={2}
                maxLength={500}
                error={fieldErrors.deliveryAddress}
                data-testid="cart-address"
              />
              <Textarea
                label={m.notes}
                description={messages.common.optional}
                value={notes}
                onChange={(event) => setNotes(event.currentTarget.value)}
                autosize
                minRows={2}
                maxLength={1000}
                data-testid="cart-notes"
              />
              <Text size="xs" c="dimmed">
                {m.checkoutHint}
              </Text>
              <Button
                leftSection={<IconChecklist size={18} />}
                onClick={check}
                loading={checking}
                disabled={!satkerCode || address.trim().length < 5}
                data-testid="checkout-preview"
              >
                {m.checkout}
              </Button>
            </Stack>
          </Card>
        </Grid.Col>
      </Grid>

      <Box id="checkout" mt="xl">
        {error !== null && !current && <ErrorAlert error={error} title={c.refused} testId="checkout-error" />}
        {stale && (
          <Alert color="yellow" variant="light" mt="md" data-testid="checkout-stale">
            {m.cartChanged}
          </Alert>
        )}
        {current && (
          <Stack gap="md" data-testid="checkout">
            <Box>
              <Title order={2} fz="xl" c="jateng.9">
                {c.heading}
              </Title>
              <Text size="sm" c="dimmed" mt={4}>
                {fmt(c.intro, {
                  count: current.orders.length,
                  satker: current.satker.name,
                  limit: formatRupiah(current.directPurchaseLimitIdr),
                })}{' '}
                {current.approvalThresholdIdr !== null &&
                  fmt(c.approvalThreshold, { threshold: formatRupiah(current.approvalThresholdIdr) })}
              </Text>
            </Box>
            <PreviewOrders preview={current} />
            <Card radius="md" padding="md">
              <Stack gap="sm">
                {needsReason && (
                  <Textarea
                    label={c.splitReason}
                    description={c.splitReasonHint}
                    placeholder={c.splitReasonPlaceholder}
                    value={splitReason}
                    onChange={(event) => setSplitReason(event.currentTarget.value)}
                    required
                    autosize
                    minRows={3}
                    maxLength={2000}
                    data-testid="split-reason"
                  />
                )}
                {error !== null && <ErrorAlert error={error} title={c.refused} testId="checkout-error" />}
                <Group justify="space-between" wrap="wrap" gap="sm">
                  <Box>
                    <Text size="sm" c="dimmed">
                      {c.grandTotal}
                    </Text>
                    <Text fw={800} fz="xl" c="jateng.9" data-testid="checkout-total">
                      {formatRupiah(grandTotal)}
                    </Text>
                  </Box>
                  <Group gap="sm" wrap="wrap">
                    <Button
                      variant="default"
                      leftSection={<IconArrowLeft size={16} />}
                      onClick={() => {
                        setPreview(null);
                        window.scrollTo({ top: 0, behavior: 'smooth' });
                      }}
                    >
                      {c.back}
                    </Button>
                    <Button
                      size="md"
                      onClick={place}
                      loading={placing}
                      disabled={!reasonOk}
                      data-testid="checkout-place"
                    >
                      {current.orders.length > 1
                        ? fmt(c.placeCount, { count: current.orders.length })
                        : c.place}
                    </Button>
                  </Group>
                </Group>
              </Stack>
            </Card>
          </Stack>
        )}
      </Box>
    </>
  );
}
