import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconDownload } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { fmt, messages } from '../../shared/messages';
import { formatRupiah } from '../../shared/money';
import { wibDay } from '../../shared/time';
import { withQuery } from '../api';
import { echarts, ReactECharts } from '../charts';
import { ErrorAlert } from '../components/ErrorAlert';
import { Loading } from '../components/Loading';
import { PageHeader } from '../components/PageHeader';
import { useSession } from '../features/accounts/session';
import { formatCount, formatPercent } from '../format';
import { useApiQuery } from '../useApiQuery';

const m = messages.reports;
const c = messages.reports.columns;
const share = (value: number) => formatPercent(value * 100);

interface RegionRow {
  regionCode: string;
  name: string;
  rank: number;
  transactionCount: number;
  transactionValueIdr: number;
  umkShare: number;
  pdnShare: number;
  localShare: number;
  sellerCount: number;
  valuePerInhabitantIdr: number | null;
}
interface Point {
  period: string;
  transactionValueIdr: number;
  transactionCount: number;
}
interface PartnerRow {
  code: string;
  name: string;
  sellerCount: number;
  productCount: number;
  transactionValueIdr: number;
}
interface BreakdownRow {
  satkerCode?: string;
  sellerId?: string;
  name: string;
  transactionCount: number;
  transactionValueIdr: number;
  umkShare: number;
  pdnShare: number;
  localShare: number;
}

/** The public dashboard (no login): ranking, map, time series, partners; officials see their pemda in depth. */
/** Quick ranges: this year, the previous years since the platform began, and the article's period. */
function rangePresets(today: string) {
  const year = Number(today.slice(0, 4));
  const years = Array.from({ length: year - 2021 + 1 }, (_, i) => year - i).map((y) => ({
    label: String(y),
    from: `${y}-01-01`,
    to: y === year ? today : `${y}-12-31`,
  }));
  return [...years, { label: m.articlePeriod, from: '2023-01-01', to: '2023-10-23' }];
}

export function DashboardPage() {
  useDocumentTitle(fmt(messages.app.pageTitle, { page: m.title }));
  const [params, setParams] = useSearchParams();
  const today = wibDay(new Date());
  const from = params.get('dari') ?? `${today.slice(0, 4)}-01-01`;
  const to = params.get('sampai') ?? today;
  const asOf = params.get('per') ?? to;
  const [draft, setDraft] = useState({ from, to, asOf });
  useEffect(() => setDraft({ from, to, asOf }), [from, to, asOf]);
  const regions = useApiQuery<{ regions: RegionRow[] }>(
    withQuery('/api/v1/reports/regions/details', { from, to }),
  );
  const [selected, setSelected] = useState<string | null>(params.get('wilayah'));
  const region = selected ?? regions.data?.regions[0]?.regionCode ?? '33.25';
  const regionName = regions.data?.regions.find((r) => r.regionCode === region)?.name ?? region;
  const apply = () => setParams({ dari: draft.from, sampai: draft.to, per: draft.asOf, wilayah: region });
  const choose = (code: string) => {
    setSelected(code);
    setParams({ dari: from, sampai: to, per: asOf, wilayah: code });
  };

  return (
    <Stack gap="lg">
      <PageHeader title={m.title} description={m.intro} />
      <Card withBorder>
        <Group align="flex-end" wrap="wrap">
          <TextInput
            type="date"
            label={m.from}
            value={draft.from}
            onChange={(e) => setDraft({ ...draft, from: e.currentTarget.value })}
            data-testid="range-from"
          />
          <TextInput
            type="date"
            label={m.to}
            value={draft.to}
            onChange={(e) => setDraft({ ...draft, to: e.currentTarget.value })}
            data-testid="range-to"
          />
          <TextInput
            type="date"
            label={m.asOf}
            value={draft.asOf}
            onChange={(e) => setDraft({ ...draft, asOf: e.currentTarget.value })}
            data-testid="as-of"
          />
          <Button onClick={apply} data-testid="apply-range">
            {m.apply}
          </Button>
        </Group>
        <Group gap="xs" mt="sm" wrap="wrap">
          {rangePresets(today).map((preset) => (
            <Button
              key={preset.label}
              size="compact-sm"
              variant={preset.from === from && preset.to === to ? 'filled' : 'light'}
              onClick={() =>
                setParams({ dari: preset.from, sampai: preset.to, per: preset.to, wilayah: region })
              }
            >
              {preset.label}
            </Button>
          ))}
        </Group>
      </Card>
      {regions.error ? <ErrorAlert error={regions.error} onRetry={regions.reload} /> : null}
      {regions.loading || !regions.data ? (
        <Loading />
      ) : (
        <>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <Card withBorder>
              <Title order={2} fz="lg" mb="sm">
                {m.map}
              </Title>
              <RegionMap rows={regions.data.regions} onSelect={choose} />
            </Card>
            <Card withBorder>
              <Title order={2} fz="lg" mb="sm">
                {m.timeSeries} · {regionName}
              </Title>
              <TimeSeries from={from} to={to} regionCode={region} />
            </Card>
          </SimpleGrid>
          <Card withBorder>
            <Group justify="space-between" mb="sm">
              <Title order={2} fz="lg">
                {m.ranking}
              </Title>
              <Downloads path="/api/v1/reports/regions" query={{ from, to }} />
            </Group>
            <RankingTable rows={regions.data.regions} selected={region} onSelect={choose} />
          </Card>
          <Card withBorder>
            <Group justify="space-between" mb="sm">
              <Title order={2} fz="lg">
                {fmt(m.partnerBreakdown, { region: regionName })} · {m.asOf} {asOf}
              </Title>
              <Downloads path="/api/v1/reports/partners" query={{ regionCode: region, asOf }} />
            </Group>
            <PartnerTable regionCode={region} asOf={asOf} />
          </Card>
          <OfficialView from={from} to={to} />
        </>
      )}
    </Stack>
  );
}

function Downloads({ path, query }: { path: string; query: Record<string, string> }) {
  return (
    <Group gap="xs">
      <Button
        component="a"
        size="xs"
        variant="light"
        leftSection={<IconDownload size={14} />}
        href={withQuery(path, { ...query, format: 'xlsx' })}
        data-testid="download-xlsx"
      >
        {m.downloadXlsx}
      </Button>
      <Button
        component="a"
        size="xs"
        variant="subtle"
        leftSection={<IconDownload size={14} />}
        href={withQuery(path, { ...query, format: 'csv' })}
        data-testid="download-csv"
      >
        {m.downloadCsv}
      </Button>
    </Group>
  );
}

function RankingTable({
  rows,
  selected,
  onSelect,
}: {
  rows: RegionRow[];
  selected: string;
  onSelect: (code: string) => void;
}) {
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table striped highlightOnHover data-testid="ranking-table">
        <Table.Thead>
          <Table.Tr>
            {[
              c.rank,
              c.name,
              c.transactionValueIdr,
              c.transactionCount,
              c.umkShare,
              c.pdnShare,
              c.localShare,
              c.sellerCount,
              c.valuePerInhabitantIdr,
            ].map((h) => (
              <Table.Th key={h}>{h}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr
              key={row.regionCode}
              data-testid={`region-${row.regionCode}`}
              bg={row.regionCode === selected ? 'var(--mantine-color-jateng-0)' : undefined}
            >
              <Table.Td>{row.rank}</Table.Td>
              <Table.Td>
                <Anchor component="button" onClick={() => onSelect(row.regionCode)}>
                  {row.name}
                </Anchor>
              </Table.Td>
              <Table.Td>{formatRupiah(row.transactionValueIdr)}</Table.Td>
              <Table.Td>{formatCount(row.transactionCount)}</Table.Td>
              <Table.Td>
                <Badge color={row.umkShare >= 0.4 ? 'green' : 'orange'} variant="light">
                  {share(row.umkShare)}
                </Badge>
              </Table.Td>
              <Table.Td>{share(row.pdnShare)}</Table.Td>
              <Table.Td>{share(row.localShare)}</Table.Td>
              <Table.Td>{formatCount(row.sellerCount)}</Table.Td>
              <Table.Td>
                {row.valuePerInhabitantIdr === null ? '—' : formatRupiah(row.valuePerInhabitantIdr)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** Choropleth from the operator's GeoJSON, or a tile map of the 35 regions without one. */
function RegionMap({ rows, onSelect }: { rows: RegionRow[]; onSelect: (code: string) => void }) {
  const boundaries = useApiQuery<{ features: Array<{ properties: Record<string, unknown> }> }>(
    '/api/v1/reports/boundaries',
    { cache: true },
  );
  const max = Math.max(1, ...rows.map((r) => r.transactionValueIdr));
  const registered = useMemo(() => {
    if (!boundaries.data) return false;
    echarts.registerMap('jateng', boundaries.data as never);
    return true;
  }, [boundaries.data]);
  if (boundaries.loading) return <Loading />;
  if (!registered) return <TileMap rows={rows} max={max} onSelect={onSelect} />;
  const option = {
    tooltip: {
      trigger: 'item',
      formatter: (p: { data?: { label: string; value: number } }) =>
        p.data ? `${p.data.label}<br/>${formatRupiah(p.data.value)}` : '',
    },
    visualMap: {
      min: 0,
      max,
      left: 'left',
      bottom: 0,
      text: ['', ''],
      calculable: true,
      formatter: (value: number) => formatRupiah(value),
      inRange: { color: ['#e8f3ee', '#0b6e4f'] },
    },
    series: [
      {
        type: 'map',
        map: 'jateng',
        nameProperty: 'kode',
        roam: true,
        data: rows.map((r) => ({ name: r.regionCode, label: r.name, value: r.transactionValueIdr })),
      },
    ],
  };
  return (
    <div data-testid="region-map" data-kind="choropleth">
      <ReactECharts
        echarts={echarts}
        option={option}
        style={{ height: 360 }}
        onEvents={{ click: (p: { name: string }) => onSelect(p.name) }}
      />
    </div>
  );
}

function TileMap({
  rows,
  max,
  onSelect,
}: {
  rows: RegionRow[];
  max: number;
  onSelect: (code: string) => void;
}) {
  const sorted = [...rows].sort((a, b) => a.regionCode.localeCompare(b.regionCode));
  return (
    <Stack gap="xs" data-testid="region-map" data-kind="tiles">
      <Text size="xs" c="dimmed">
        {m.tileMapNote}
      </Text>
      <SimpleGrid cols={7} spacing={4}>
        {sorted.map((r) => {
          const strength = r.transactionValueIdr / max;
          return (
            <button
              type="button"
              key={r.regionCode}
              title={`${r.name}: ${formatRupiah(r.transactionValueIdr)}`}
              onClick={() => onSelect(r.regionCode)}
              style={{
                aspectRatio: '1',
                border: 0,
                borderRadius: 4,
                fontSize: 10,
                cursor: 'pointer',
                color: strength > 0.5 ? 'white' : '#123',
                background: `rgba(11, 110, 79, ${0.08 + strength * 0.92})`,
              }}
            >
              {r.regionCode}
            </button>
          );
        })}
      </SimpleGrid>
    </Stack>
  );
}

function TimeSeries({ from, to, regionCode }: { from: string; to: string; regionCode: string }) {
  const series = useApiQuery<{ points: Point[] }>(
    withQuery('/api/v1/reports/timeseries', { from, to, interval: 'month', regionCode }),
  );
  if (series.error) return <ErrorAlert error={series.error} onRetry={series.reload} />;
  if (!series.data) return <Loading />;
  const option = {
    tooltip: { trigger: 'axis' },
    grid: { left: 90, right: 16, top: 16, bottom: 32 },
    xAxis: { type: 'category', data: series.data.points.map((p) => p.period) },
    yAxis: { type: 'value', minInterval: 1, axisLabel: { formatter: (v: number) => formatRupiah(v) } },
    series: [
      {
        type: 'bar',
        name: c.transactionValueIdr,
        data: series.data.points.map((p) => p.transactionValueIdr),
        itemStyle: { color: '#0b6e4f' },
      },
    ],
  };
  return (
    <div data-testid="time-series">
      <ReactECharts echarts={echarts} option={option} style={{ height: 360 }} />
    </div>
  );
}

function PartnerTable({ regionCode, asOf }: { regionCode: string; asOf: string }) {
  const partners = useApiQuery<{ partners: PartnerRow[] }>(
    withQuery('/api/v1/reports/partners', { regionCode, asOf }),
  );
  if (partners.error) return <ErrorAlert error={partners.error} onRetry={partners.reload} />;
  if (!partners.data) return <Loading />;
  return (
    <Table data-testid="partner-table">
      <Table.Thead>
        <Table.Tr>
          {[c.name, c.sellerCount, c.productCount, c.transactionValueIdr].map((h) => (
            <Table.Th key={h}>{h}</Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {partners.data.partners.map((p) => (
          <Table.Tr key={p.code}>
            <Table.Td>{p.name}</Table.Td>
            <Table.Td>{formatCount(p.sellerCount)}</Table.Td>
            <Table.Td>{formatCount(p.productCount)}</Table.Td>
            <Table.Td>{formatRupiah(p.transactionValueIdr)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** For a signed-in official of a kabupaten/kota: the pemda per satker, and per seller (all or one satker). */
function OfficialView({ from, to }: { from: string; to: string }) {
  const { session } = useSession();
  const pemdaCode = session.status === 'authenticated' ? session.me.pemdaCode : undefined;
  const [satker, setSatker] = useState<string | null>(null);
  const regionCode = pemdaCode && pemdaCode !== '33' ? pemdaCode : null;
  const satkers = useApiQuery<{ satkers: BreakdownRow[] }>(
    regionCode ? withQuery('/api/v1/reports/satkers', { from, to, regionCode }) : null,
  );
  const sellers = useApiQuery<{ sellers: BreakdownRow[] }>(
    regionCode
      ? withQuery('/api/v1/reports/sellers', { from, to, regionCode, satkerCode: satker ?? undefined })
      : null,
  );
  if (!regionCode) return null;
  return (
    <Card withBorder data-testid="official-view">
      <Title order={2} fz="lg" mb="sm">
        {fmt(m.officialTitle, { region: regionCode })}
      </Title>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Stack gap="xs">
          <Group justify="space-between">
            <Text fw={600}>{m.satkerBreakdown}</Text>
            <Downloads path="/api/v1/reports/satkers" query={{ from, to, regionCode }} />
          </Group>
          {satkers.data ? (
            <BreakdownTable
              rows={satkers.data.satkers}
              onSelect={(row) => setSatker(row.satkerCode ?? null)}
            />
          ) : (
            <Loading />
          )}
        </Stack>
        <Stack gap="xs">
          <Group justify="space-between">
            <Select
              size="xs"
              aria-label={m.sellerBreakdown}
              value={satker ?? ''}
              onChange={(value) => setSatker(value || null)}
              data={[
                { value: '', label: m.allSatkers },
                ...(satkers.data?.satkers ?? []).map((s) => ({ value: s.satkerCode ?? '', label: s.name })),
              ]}
            />
            <Downloads
              path="/api/v1/reports/sellers"
              query={{ from, to, regionCode, ...(satker ? { satkerCode: satker } : {}) }}
            />
          </Group>
          {sellers.data ? <BreakdownTable rows={sellers.data.sellers} /> : <Loading />}
        </Stack>
      </SimpleGrid>
    </Card>
  );
}

function BreakdownTable({
  rows,
  onSelect,
}: {
  rows: BreakdownRow[];
  onSelect?: (row: BreakdownRow) => void;
}) {
  if (rows.length === 0) return <Text c="dimmed">{m.empty}</Text>;
  return (
    <Table.ScrollContainer minWidth={480}>
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            {[c.name, c.transactionValueIdr, c.transactionCount, c.umkShare, c.pdnShare, c.localShare].map(
              (h) => (
                <Table.Th key={h}>{h}</Table.Th>
              ),
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.satkerCode ?? row.sellerId}>
              <Table.Td>
                {onSelect ? (
                  <Anchor component="button" onClick={() => onSelect(row)}>
                    {row.name}
                  </Anchor>
                ) : (
                  row.name
                )}
              </Table.Td>
              <Table.Td>{formatRupiah(row.transactionValueIdr)}</Table.Td>
              <Table.Td>{formatCount(row.transactionCount)}</Table.Td>
              <Table.Td>{share(row.umkShare)}</Table.Td>
              <Table.Td>{share(row.pdnShare)}</Table.Td>
              <Table.Td>{share(row.localShare)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
