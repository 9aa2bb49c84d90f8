import {
  Alert,
  Anchor,
  Badge,
  Box,
  Breadcrumbs,
  Button,
  Card,
  Grid,
  Group,
  NumberInput,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import {
  IconCertificate,
  IconExternalLink,
  IconInfoCircle,
  IconPackageOff,
  IconUserCircle,
} from '@tabler/icons-react';
import { type ReactNode, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { fmt, messages } from '../../shared/messages';
import { formatRupiah } from '../../shared/money';
import { formatDateWib } from '../../shared/time';
import { isApiError, withQuery } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { Loading } from '../components/Loading';
import { ComparableOffers } from '../features/catalog/ComparableOffers';
import { CompareTray } from '../features/catalog/CompareTray';
import { useCanBuy } from '../features/catalog/cart';
import { REGION_CODE } from '../features/catalog/filters';
import { AddToCartButton, CompareToggle } from '../features/catalog/OfferActions';
import { kindLabel, legalFormLabel, OfferBadges, scaleLabel } from '../features/catalog/OfferBadges';
import { PriceSpread } from '../features/catalog/PriceSpread';
import { ProductImage } from '../features/catalog/ProductImage';
import { StockText } from '../features/catalog/ResultCard';
import type { ProductPage } from '../features/catalog/types';
import { useBuyerRegion } from '../features/catalog/useBuyerRegion';
import { formatPercent } from '../format';
import { useApiQuery } from '../useApiQuery';

const m = messages.catalog;
const p = messages.catalog.product;

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Box>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" fw={500} component="div">
        {children}
      </Text>
    </Box>
  );
}

function SectionTitle({ icon, children }: { icon?: ReactNode; children: ReactNode }) {
  return (
    <Group gap="xs" mb="sm" wrap="nowrap">
      {icon}
      <Title order={2} fz="lg" c="jateng.9">
        {children}
      </Title>
    </Group>
  );
}

function SellerBlock({ seller }: { seller: ProductPage['product']['seller'] }) {
  return (
    <Card padding="lg" radius="md" data-testid="product-seller">
      <SectionTitle icon={<IconUserCircle size={20} color="var(--mantine-color-sogan-7)" aria-hidden />}>
        {p.seller}
      </SectionTitle>
      <Text fw={700}>{seller.name}</Text>
      <SimpleGrid cols={2} spacing="sm" verticalSpacing="sm" mt="sm">
        <Fact label={p.scale}>{scaleLabel(seller.scale)}</Fact>
        <Fact label={p.kind}>{kindLabel(seller.kind)}</Fact>
        <Fact label={p.legalForm}>
          {seller.legalForm ? legalFormLabel(seller.legalForm) : messages.common.none}
        </Fact>
        <Fact label={p.region}>{seller.regionName || messages.common.none}</Fact>
      </SimpleGrid>
      <Box mt="sm">
        <Text size="xs" c="dimmed">
          {p.sellsOn}
        </Text>
        <Group gap={6} mt={4}>
          {seller.partners.map((partner) => (
            <Badge key={partner.code} variant="outline" color="gray" radius="sm">
              {partner.name}
            </Badge>
          ))}
        </Group>
      </Box>
    </Card>
  );
}

function TkdnBlock({ product }: { product: ProductPage['product'] }) {
  return (
    <Card padding="lg" radius="md" data-testid="product-tkdn">
      <SectionTitle icon={<IconCertificate size={20} color="var(--mantine-color-sogan-7)" aria-hidden />}>
        {p.tkdnTitle}
      </SectionTitle>
      {product.tkdnCertificateNo ? (
        <Stack gap="sm">
          <Group gap="xs">
            <Badge
              color={product.tkdnValid ? 'jateng' : 'red'}
              variant={product.tkdnValid ? 'light' : 'filled'}
              radius="sm"
              data-testid="tkdn-validity"
            >
              {product.tkdnValid ? p.tkdnValid : p.tkdnExpired}
            </Badge>
          </Group>
          <Fact label={p.tkdnNumber}>
            <Text span size="sm" ff="monospace" style={{ wordBreak: 'break-all' }}>
              {product.tkdnCertificateNo}
            </Text>
          </Fact>
          <SimpleGrid cols={2} spacing="sm">
            <Fact label={p.tkdnValidUntil}>
              {product.tkdnValidUntil ? formatDateWib(product.tkdnValidUntil) : p.tkdnNoExpiry}
            </Fact>
            <Fact label={p.tkdnValue}>
              {product.tkdnPercent === null ? messages.common.none : formatPercent(product.tkdnPercent)}
            </Fact>
            <Fact label={p.bmpValue}>
              {product.bmpPercent === null ? messages.common.none : formatPercent(product.bmpPercent)}
            </Fact>
          </SimpleGrid>
        </Stack>
      ) : (
        <Text size="sm" c="dimmed">
          {p.tkdnNone}
        </Text>
      )}
    </Card>
  );
}

export function CatalogProductPage() {
  const { id = '' } = useParams();
  const [searchParams] = useSearchParams();
  const requested = searchParams.get('regionCode');
  const picked = requested && REGION_CODE.test(requested) ? requested : null;
  const region = useBuyerRegion(picked);
  const validId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
  const page = useApiQuery<ProductPage>(
    region.pending || !validId
      ? null
      : withQuery(`/api/v1/catalog/products/${encodeURIComponent(id)}`, {
          regionCode: region.regionCode ?? undefined,
        }),
  );
  const product = page.data?.product;
  useDocumentTitle(fmt(messages.app.pageTitle, { page: product?.name ?? p.pageTitle }));
  const canBuy = useCanBuy();
  const [qty, setQty] = useState<number | string>('');

  if (!validId || (isApiError(page.error) && page.error.status === 404)) {
    return (
      <Alert
        color="sogan"
        variant="light"
        title={p.notFoundTitle}
        icon={<IconPackageOff size={20} aria-hidden />}
        data-testid="product-not-found"
      >
        <Stack gap="sm" align="flex-start">
          <Text size="sm">{p.notFound}</Text>
          <Button component={Link} to="/katalog" size="xs" variant="light">
            {p.back}
          </Button>
        </Stack>
      </Alert>
    );
  }
  if (page.error) return <ErrorAlert error={page.error} onRetry={page.reload} />;
  if (!page.data || !product) return <Loading />;

  const minQty = Math.max(1, product.minOrderQty);
  const quantity = typeof qty === 'number' && qty >= minQty ? Math.floor(qty) : minQty;
  const backHref = picked ? withQuery('/katalog', { regionCode: picked }) : '/katalog';

  return (
    <Stack gap="lg" data-testid="product-page">
      <Breadcrumbs aria-label={p.breadcrumb} separatorMargin={6} style={{ flexWrap: 'wrap' }}>
        <Anchor component={Link} to={backHref} size="sm">
          {messages.nav.catalog}
        </Anchor>
        <Anchor
          component={Link}
          to={withQuery('/katalog', { category: product.category.code, regionCode: picked })}
          size="sm"
        >
          {product.category.name}
        </Anchor>
      </Breadcrumbs>

      <Card padding="lg" radius="md">
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, sm: 4 }}>
            <ProductImage src={product.imageUrl} alt={product.name} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 8 }}>
            <Stack gap="sm">
              <Title order={1} fz={{ base: 22, sm: 28 }} lh={1.25} c="jateng.9">
                {product.name}
              </Title>
              <OfferBadges offer={product} />
              <Group gap="xs" align="baseline" wrap="wrap">
                <Text fz={{ base: 24, sm: 30 }} fw={800} c="jateng.9" data-testid="product-price">
                  {formatRupiah(product.priceIdr)}
                </Text>
                <Text c="dimmed">{fmt(m.perUnit, { unit: product.unit })}</Text>
              </Group>
              <Group gap="md" wrap="wrap">
                <StockText stock={product.stock} />
                {minQty > 1 && (
                  <Text size="xs" c="dimmed">
                    {fmt(m.minOrder, { qty: minQty, unit: product.unit })}
                  </Text>
                )}
                <Text size="xs" c="dimmed">
                  {fmt(m.via, { partner: product.partner.name })}
                </Text>
              </Group>
              {!product.isActive && (
                <Alert color="orange" variant="light" icon={<IconInfoCircle size={18} aria-hidden />}>
                  {p.inactive}
                </Alert>
              )}
              <Group gap="sm" align="flex-end" wrap="wrap" mt="xs">
                {canBuy && (
                  <NumberInput
                    label={m.quantity}
                    value={qty}
                    onChange={setQty}
                    placeholder={String(minQty)}
                    min={minQty}
                    max={product.stock ?? undefined}
                    allowDecimal={false}
                    allowNegative={false}
                    clampBehavior="blur"
                    w={110}
                    size="sm"
                    data-testid="product-qty"
                  />
                )}
                <AddToCartButton offer={product} qty={quantity} size="sm" disabled={!product.isActive} />
                <CompareToggle offer={product} size="sm" />
                {product.url && (
                  <Anchor
                    href={product.url}
                    target="_blank"
                    rel="noopener noreferrer"
                    size="sm"
                    style={{ alignSelf: 'center' }}
                  >
                    <Group gap={4} wrap="nowrap" component="span">
                      {fmt(p.viewOnPartner, { partner: product.partner.name })}
                      <IconExternalLink size={14} aria-hidden />
                    </Group>
                  </Anchor>
                )}
              </Group>
              <Box mt="xs">
                <Text size="xs" c="dimmed">
                  {p.description}
                </Text>
                <Text size="sm" style={{ whiteSpace: 'pre-line' }}>
                  {product.description || p.noDescription}
                </Text>
              </Box>
            </Stack>
          </Grid.Col>
        </Grid>
      </Card>

      <SimpleGrid cols={{ base: 1, md: 3 }} spacing="lg">
        <SellerBlock seller={product.seller} />
        <TkdnBlock product={product} />
        <Card padding="lg" radius="md">
          <SectionTitle>{p.spreadTitle}</SectionTitle>
          <Text size="xs" c="dimmed" mb="sm">
            {fmt(p.spreadText, {
              count: page.data.priceSpread.offerCount,
              category: product.category.name.toLowerCase(),
              unit: page.data.priceSpread.unit,
            })}
          </Text>
          <PriceSpread spread={page.data.priceSpread} priceIdr={product.priceIdr} />
        </Card>
      </SimpleGrid>

      <Card padding="lg" radius="md">
        <SectionTitle>{p.comparableTitle}</SectionTitle>
        <Text size="sm" c="dimmed" mb="sm">
          {p.comparableText}
        </Text>
        {page.data.comparableOffers.length === 0 ? (
          <Text size="sm" c="dimmed" py="md">
            {p.comparableEmpty}
          </Text>
        ) : (
          <ComparableOffers offers={page.data.comparableOffers} regionCode={picked} />
        )}
      </Card>
      <CompareTray />
    </Stack>
  );
}
