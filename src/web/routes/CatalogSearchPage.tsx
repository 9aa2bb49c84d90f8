import {
  Badge,
  Box,
  Button,
  Card,
  Center,
  Drawer,
  Group,
  Select,
  Stack,
  Text,
  ThemeIcon,
} from '@mantine/core';
import { useDocumentTitle, useMediaQuery } from '@mantine/hooks';
import { IconAdjustmentsHorizontal, IconMoodEmpty } from '@tabler/icons-react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { fmt, messages } from '../../shared/messages';
import { api } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { Loading } from '../components/Loading';
import { PageHeader } from '../components/PageHeader';
import { CompareTray } from '../features/catalog/CompareTray';
import { FilterPanel } from '../features/catalog/FilterPanel';
import {
  activeFilterCount,
  type CatalogFilters,
  type FacetField,
  filtersToQuery,
  parseFilters,
  searchPath,
} from '../features/catalog/filters';
import { ResultCard } from '../features/catalog/ResultCard';
import { SearchBox } from '../features/catalog/SearchBox';
import { type CatalogItem, isSortOrder, type SearchResult, sortOrders } from '../features/catalog/types';
import { useBuyerRegion } from '../features/catalog/useBuyerRegion';
import { formatCount } from '../format';
import { useApiQuery } from '../useApiQuery';

const m = messages.catalog;
const PAGE_SIZE = 20;

/** Pages fetched with "Muat lebih banyak", belonging to the first page they continue. */
interface MorePages {
  first: SearchResult;
  items: CatalogItem[];
  nextCursor: string | null;
}

function queryOf(filters: CatalogFilters): Record<string, string> {
  return Object.fromEntries(
    Object.entries(filtersToQuery(filters)).filter(
      (entry): entry is [string, string] => entry[1] !== undefined,
    ),
  );
}

export function CatalogSearchPage() {
  useDocumentTitle(fmt(messages.app.pageTitle, { page: m.pageTitle }));
  const [searchParams, setSearchParams] = useSearchParams();
  const filters = useMemo(() => parseFilters(searchParams), [searchParams]);
  const region = useBuyerRegion(filters.regionCode);
  const { regionCode } = region;
  const isDesktop = useMediaQuery('(min-width: 62em)', true, { getInitialValueInEffect: false });
  const [drawerOpen, setDrawerOpen] = useState(false);

  // Wait for the session: a buyer's own kabupaten/kota changes both "local" and the ranking.
  const ready = !region.pending;
  const first = useApiQuery<SearchResult>(
    ready ? searchPath(filters, regionCode, { limit: PAGE_SIZE }) : null,
  );
  const facetQuery = (field: FacetField) =>
    ready && filters[field] ? searchPath(filters, regionCode, { limit: 1, without: field }) : null;
  const withoutCategory = useApiQuery<SearchResult>(facetQuery('category'));
  const withoutPartner = useApiQuery<SearchResult>(facetQuery('partner'));
  const withoutClass = useApiQuery<SearchResult>(facetQuery('domesticClass'));

  // The previous answer stays on screen (dimmed) while the next one loads.
  const [previous, setPrevious] = useState<SearchResult | null>(null);
  useEffect(() => {
    if (first.data) setPrevious(first.data);
  }, [first.data]);
  const result = first.data ?? previous;

  const [more, setMore] = useState<MorePages | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<unknown>(null);
  const extra = more && first.data && more.first === first.data ? more : null;
  const items = result ? [...result.items, ...(extra?.items ?? [])] : [];
  const nextCursor = extra ? extra.nextCursor : (result?.nextCursor ?? null);

  // Changes build on the last search asked for, even before the page has re-rendered with it
  // (two fields committed in quick succession must not drop the first one).
  const latest = useRef(filters);
  useEffect(() => {
    latest.current = filters;
  }, [filters]);
  const update = (changes: Partial<CatalogFilters>) => {
    setMoreError(null);
    latest.current = { ...latest.current, ...changes };
    setSearchParams(queryOf(latest.current));
  };

  const loadMore = async () => {
    if (!first.data || !nextCursor) return;
    const base = first.data;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const page = await api.get<SearchResult>(
        searchPath(filters, regionCode, { limit: PAGE_SIZE, cursor: nextCursor }),
      );
      setMore({ first: base, items: [...(extra?.items ?? []), ...page.items], nextCursor: page.nextCursor });
    } catch (error) {
      setMoreError(error);
    } finally {
      setLoadingMore(false);
    }
  };

  const activeCount = activeFilterCount(filters);
  const reset = () =>
    update({
      category: null,
      partner: null,
      local: false,
      umk: false,
      domesticClass: null,
      tkdnMin: null,
      priceMin: null,
      priceMax: null,
    });

  const panel = (
    <FilterPanel
      filters={filters}
      facets={result?.facets}
      facetsWithout={{
        category: withoutCategory.data?.facets,
        partner: withoutPartner.data?.facets,
        domesticClass: withoutClass.data?.facets,
      }}
      regionCode={regionCode}
      accountRegion={region.account}
      onChange={update}
      onRegionChange={(code) => {
        region.remember(code);
        update({ regionCode: code === region.account ? null : code });
      }}
      onReset={reset}
    />
  );

  const sortSelect = (
    <Select
      aria-label={m.sort}
      data={sortOrders.map((value) => ({ value, label: m.sorts[value] }))}
      value={filters.sort}
      onChange={(value) => isSortOrder(value) && update({ sort: value })}
      allowDeselect={false}
      w={{ base: '100%', xs: 190 }}
      size="sm"
      data-testid="catalog-sort"
    />
  );

  let content: React.ReactNode;
  if (first.error) {
    content = <ErrorAlert error={first.error} onRetry={first.reload} />;
  } else if (!result) {
    content = <Loading />;
  } else if (items.length === 0) {
    const catalogEmpty = !filters.q && activeCount === 0;
    content = (
      <Center py="xl" data-testid="catalog-empty">
        <Stack gap="sm" align="center" maw={440}>
          <ThemeIcon size={48} radius="xl" variant="light" color="sogan">
            <IconMoodEmpty size={26} />
          </ThemeIcon>
          <Text fw={600} ta="center">
            {catalogEmpty ? m.emptyCatalog : m.empty}
          </Text>
          {!catalogEmpty && (
            <Text size="sm" c="dimmed" ta="center">
              {m.emptyHint}
            </Text>
          )}
          {activeCount > 0 && (
            <Button variant="light" onClick={reset}>
              {m.resetFilters}
            </Button>
          )}
          {catalogEmpty && (
            <Button variant="light" onClick={first.reload}>
              {messages.common.retry}
            </Button>
          )}
        </Stack>
      </Center>
    );
  } else {
    content = (
      <Stack gap="sm">
        {items.map((item) => (
          <ResultCard key={item.id} item={item} regionCode={filters.regionCode} />
        ))}
        <ErrorAlert error={moreError} onRetry={loadMore} />
        <Stack gap={6} align="center" mt="xs">
          <Text size="xs" c="dimmed">
            {fmt(m.shown, { shown: formatCount(items.length), total: formatCount(result.total) })}
          </Text>
          {nextCursor && (
            <Button variant="light" onClick={loadMore} loading={loadingMore} data-testid="catalog-more">
              {m.loadMore}
            </Button>
          )}
        </Stack>
      </Stack>
    );
  }

  return (
    <>
      <PageHeader title={m.heading} description={m.intro} />
      <Stack gap="md">
        <SearchBox query={filters.q} regionCode={regionCode} onSearch={(q) => update({ q })} />
        <Group align="flex-start" gap="lg" wrap="nowrap">
          {isDesktop && (
            <Card padding="md" radius="md" w={290} style={{ flexShrink: 0 }} data-testid="catalog-filters">
              {panel}
            </Card>
          )}
          <Stack gap="sm" style={{ flex: 1, minWidth: 0 }}>
            <Group justify="space-between" align="center" gap="sm" wrap="wrap">
              <Text size="sm" fw={600} data-testid="catalog-total" aria-live="polite">
                {result &&
                  (filters.q
                    ? fmt(m.totalFor, { count: formatCount(result.total), q: filters.q })
                    : fmt(m.total, { count: formatCount(result.total) }))}
              </Text>
              <Group gap="xs" wrap="nowrap" w={{ base: '100%', xs: 'auto' }}>
                {!isDesktop && (
                  <Button
                    variant="default"
                    leftSection={<IconAdjustmentsHorizontal size={16} />}
                    rightSection={
                      activeCount > 0 ? (
                        <Badge size="sm" circle>
                          {activeCount}
                        </Badge>
                      ) : undefined
                    }
                    onClick={() => setDrawerOpen(true)}
                    style={{ flexShrink: 0 }}
                    data-testid="catalog-filters-open"
                  >
                    {m.filters}
                  </Button>
                )}
                {sortSelect}
              </Group>
            </Group>
            <Box
              aria-busy={first.loading}
              data-ready={first.data !== undefined && !first.loading}
              data-search={searchParams.toString()}
              data-testid="catalog-results"
              style={{ opacity: first.loading && result ? 0.55 : 1, transition: 'opacity 120ms' }}
            >
              {content}
            </Box>
          </Stack>
        </Group>
        <CompareTray />
      </Stack>
      {!isDesktop && (
        <Drawer
          opened={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          title={<Text fw={700}>{m.filters}</Text>}
          position="bottom"
          size="90%"
          closeButtonProps={{ 'aria-label': messages.common.close }}
        >
          <Stack gap="md" pb="md">
            {panel}
            <Button onClick={() => setDrawerOpen(false)} loading={first.loading} fullWidth>
              {fmt(m.showResults, { count: formatCount(result?.total ?? 0) })}
            </Button>
          </Stack>
        </Drawer>
      )}
    </>
  );
}
