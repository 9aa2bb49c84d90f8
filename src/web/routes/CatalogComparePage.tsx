import {
  Anchor,
  Badge,
  Box,
  Button,
  Card,
  Center,
  CloseButton,
  Group,
  Stack,
  Table,
  Text,
  ThemeIcon,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconScale } from '@tabler/icons-react';
import { type ReactNode, useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { fmt, messages } from '../../shared/messages';
import { formatRupiah } from '../../shared/money';
import { api, isApiError, withQuery } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { Loading } from '../components/Loading';
import { PageHeader } from '../components/PageHeader';
import { useCanBuy } from '../features/catalog/cart';
import { COMPARE_LIMIT, compareHref, useCompare } from '../features/catalog/compare';
import { AddToCartButton } from '../features/catalog/OfferActions';
import { DomesticClassBadge, scaleLabel } from '../features/catalog/OfferBadges';
import { productHref } from '../features/catalog/ResultCard';
import type { ProductPage } from '../features/catalog/types';
import { useBuyerRegion } from '../features/catalog/useBuyerRegion';
import { formatCount, formatPercent } from '../format';

const m = messages.catalog;
const t = messages.catalog.compareTable;

type Column = { id: string; page: ProductPage | null; error: unknown };

/** `?ids=a,b,c`: distinct ids, at most four. */
function idsOf(params: URLSearchParams): string[] {
  const ids = (params.get('ids') ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  return [...new Set(ids)].slice(0, COMPARE_LIMIT);
}

/** Fetches the product page of every id at once; a missing product becomes a column with its error. */
function useProductPages(ids: string[], regionCode: string | null, pending: boolean) {
  const key = ids.join(',');
  const [state, setState] = useState<{ key: string; region: string | null; columns: Column[] } | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for `ids`.
  useEffect(() => {
    if (pending) return;
    const controller = new AbortController();
    Promise.all(
      ids.map((id) =>
        api
          .get<ProductPage>(
            withQuery(`/api/v1/catalog/products/${encodeURIComponent(id)}`, {
              regionCode: regionCode ?? undefined,
            }),
            { signal: controller.signal },
          )
          .then(
            (page): Column => ({ id, page, error: null }),
            (error: unknown): Column => ({ id, page: null, error }),
          ),
      ),
    ).then((columns) => {
      if (!controller.signal.aborted) setState({ key, region: regionCode, columns });
    });
    return () => controller.abort();
  }, [key, regionCode, pending]);
  return state && state.key === key && state.region === regionCode ? state.columns : null;
}

export function CatalogComparePage() {
  useDocumentTitle(fmt(messages.app.pageTitle, { page: t.pageTitle }));
  const [searchParams, setSearchParams] = useSearchParams();
  const ids = idsOf(searchParams);
  const region = useBuyerRegion(null);
  const columns = useProductPages(ids, region.regionCode, region.pending);
  const compare = useCompare();
  const canBuy = useCanBuy();

  const removeColumn = (id: string) => {
    compare.remove(id);
    const rest = ids.filter((other) => other !== id);
    setSearchParams(rest.length > 0 ? { ids: rest.join(',') } : {}, { replace: true });
  };

  const header = <PageHeader title={t.heading} description={t.intro} />;

  if (ids.length === 0) {
    const selected = compare.items.map((item) => item.id);
    return (
      <>
        {header}
        <Card padding="lg" radius="md">
          <Center py="xl">
            <Stack gap="sm" align="center" maw={460} ta="center">
              <ThemeIcon size={48} radius="xl" variant="light" color="sogan">
                <IconScale size={26} />
              </ThemeIcon>
              <Text size="sm" c="dimmed">
                {t.empty}
              </Text>
              <Group gap="sm" justify="center">
                {selected.length >= 2 && (
                  <Button component={Link} to={compareHref(selected)} color="sogan">
                    {m.trayOpen}
                  </Button>
                )}
                <Button component={Link} to="/katalog" variant="light">
                  {t.toCatalog}
                </Button>
              </Group>
            </Stack>
          </Center>
        </Card>
      </>
    );
  }

  if (!columns)
    return (
      <>
        {header}
        <Loading />
      </>
    );

  const pages = columns.flatMap((column) => (column.page ? [column.page] : []));
  // "Cheapest" only means something between offers sold by the same unit.
  const sameUnit = pages.length > 1 && pages.every((page) => page.product.unit === pages[0]?.product.unit);
  const cheapest = sameUnit ? Math.min(...pages.map((page) => page.product.priceIdr)) : null;

  const row = (label: string, render: (page: ProductPage) => ReactNode, testId?: string) => (
    <Table.Tr data-testid={testId}>
      <Table.Th scope="row" className="blk-compare-label">
        {label}
      </Table.Th>
      {columns.map((column) => (
        <Table.Td key={column.id}>{column.page ? render(column.page) : null}</Table.Td>
      ))}
    </Table.Tr>
  );

  return (
    <>
      {header}
      <Stack gap="md">
        {ids.length < 2 && (
          <Text size="sm" c="dimmed">
            {t.tooFew}
          </Text>
        )}
        <Card padding={0} radius="md">
          <Table.ScrollContainer minWidth={ids.length * 220 + 120} type="native">
            <Table
              withColumnBorders
              verticalSpacing="sm"
              horizontalSpacing="md"
              layout="fixed"
              data-testid="compare-table"
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th className="blk-compare-label">{t.attribute}</Table.Th>
                  {columns.map((column) => (
                    <Table.Th key={column.id} data-testid="compare-column" style={{ verticalAlign: 'top' }}>
                      <Group justify="space-between" align="flex-start" gap={4} wrap="nowrap">
                        {column.page ? (
                          <Anchor
                            component={Link}
                            to={productHref(column.id)}
                            fw={700}
                            size="sm"
                            c="jateng.9"
                            lh={1.3}
                          >
                            {column.page.product.name}
                          </Anchor>
                        ) : isApiError(column.error) && column.error.status === 404 ? (
                          <Text size="sm" fw={700} c="red.7">
                            {t.notFound}
                          </Text>
                        ) : (
                          <Box style={{ minWidth: 0 }}>
                            <ErrorAlert error={column.error} />
                          </Box>
                        )}
                        <CloseButton
                          size="sm"
                          onClick={() => removeColumn(column.id)}
                          aria-label={fmt(m.trayRemove, { name: column.page?.product.name ?? column.id })}
                        />
                      </Group>
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {row(
                  t.price,
                  (page) => (
                    <Group gap={6} wrap="wrap">
                      <Text fw={800} c="jateng.9" style={{ whiteSpace: 'nowrap' }}>
                        {formatRupiah(page.product.priceIdr)}
                      </Text>
                      {page.product.priceIdr === cheapest && (
                        <Badge size="sm" color="jateng" variant="light" radius="sm">
                          {t.cheapest}
                        </Badge>
                      )}
                    </Group>
                  ),
                  'compare-price',
                )}
                {row(t.unit, (page) => page.product.unit)}
                {row(t.partner, (page) => page.product.partner.name)}
                {row(t.seller, (page) => page.product.seller.name)}
                {row(t.scale, (page) => scaleLabel(page.product.seller.scale))}
                {row(t.local, (page) =>
                  page.product.isLocal ? (
                    <Badge color="jateng" radius="sm">
                      {t.yes}
                    </Badge>
                  ) : (
                    <Text size="sm" c="dimmed">
                      {t.no}
                    </Text>
                  ),
                )}
                {row(t.domesticClass, (page) => (
                  <DomesticClassBadge value={page.product.domesticClass} />
                ))}
                {row(t.tkdnBmp, (page) => (
                  <Text size="sm">
                    {page.product.tkdnPercent === null
                      ? messages.common.none
                      : formatPercent(page.product.tkdnPercent)}
                    {' / '}
                    {page.product.bmpPercent === null
                      ? messages.common.none
                      : formatPercent(page.product.bmpPercent)}
                  </Text>
                ))}
                {row(t.stock, (page) =>
                  page.product.stock === null ? (
                    <Text size="sm" c="dimmed">
                      {m.stockUnknown}
                    </Text>
                  ) : page.product.stock === 0 ? (
                    <Text size="sm" c="red.7" fw={600}>
                      {m.outOfStock}
                    </Text>
                  ) : (
                    formatCount(page.product.stock)
                  ),
                )}
                {canBuy && (
                  <Table.Tr>
                    <Table.Th scope="row" className="blk-compare-label" />
                    {columns.map((column) => (
                      <Table.Td key={column.id}>
                        {column.page && (
                          <AddToCartButton
                            offer={column.page.product}
                            qty={Math.max(1, column.page.product.minOrderQty)}
                            disabled={!column.page.product.isActive}
                          />
                        )}
                      </Table.Td>
                    ))}
                  </Table.Tr>
                )}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
        <Group>
          <Button component={Link} to="/katalog" variant="light">
            {t.toCatalog}
          </Button>
        </Group>
      </Stack>
    </>
  );
}
