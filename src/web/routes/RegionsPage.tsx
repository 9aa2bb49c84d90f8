import { Anchor, Badge, Breadcrumbs, Card, Group, Progress, Stack, Text, TextInput } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { fmt, messages } from '../../shared/messages';
import { withQuery } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { Loading } from '../components/Loading';
import { PageHeader } from '../components/PageHeader';
import { PemdaTable, RegionChildrenTable, regionHref } from '../features/regions/RegionTables';
import { PROVINCE_CODE, type Region } from '../features/regions/types';
import { pemdaName, usePemdas } from '../features/regions/usePemdas';
import { useApiQuery } from '../useApiQuery';

const m = messages.regions;

/** `33.25.01` → [`33.25`, `33.25.01`]: the drill-down path below the province. */
function ancestorsOf(code: string): string[] {
  const parts = code.split('.');
  const result: string[] = [];
  for (let i = 2; i <= parts.length; i++) result.push(parts.slice(0, i).join('.'));
  return result;
}

function parentOf(code: string): string | null {
  const parts = code.split('.');
  return parts.length > 1 ? parts.slice(0, -1).join('.') : null;
}

function matches(filter: string, ...values: string[]): boolean {
  const needle = filter.trim().toLowerCase();
  return !needle || values.some((value) => value.toLowerCase().includes(needle));
}

export function RegionsPage() {
  useDocumentTitle(fmt(messages.app.pageTitle, { page: m.pageTitle }));
  const [searchParams] = useSearchParams();
  const code = searchParams.get('kode')?.trim() || null;
  const [filterState, setFilterState] = useState({ code, text: '' });
  // The filter starts empty again on every drill-down.
  const filter = filterState.code === code ? filterState.text : '';
  const setFilter = (text: string) => setFilterState({ code, text });

  const pemdas = usePemdas();
  const children = useApiQuery<{ items: Region[] }>(
    code ? withQuery('/api/v1/regions', { parent: code }) : null,
    { cache: true },
  );

  // Names for the breadcrumb: kabupaten/kota from the pemda list, deeper levels from their parent's children.
  const path = code ? ancestorsOf(code) : [];
  const kecamatanCode = path[1];
  const desaCode = path[2];
  const kecamatanSiblings = useApiQuery<{ items: Region[] }>(
    kecamatanCode ? withQuery('/api/v1/regions', { parent: parentOf(kecamatanCode) }) : null,
    { cache: true },
  );
  const desaSiblings = useApiQuery<{ items: Region[] }>(
    desaCode ? withQuery('/api/v1/regions', { parent: parentOf(desaCode) }) : null,
    { cache: true },
  );
  const nameOf = (ancestor: string): string => {
    if (ancestor.split('.').length === 2) return pemdaName(pemdas.byCode, ancestor);
    const siblings = ancestor === kecamatanCode ? kecamatanSiblings.data : desaSiblings.data;
    return siblings?.items.find((r) => r.code === ancestor)?.name ?? ancestor;
  };
  const currentName = code ? nameOf(code) : m.root;
  // Kecamatan names come bare ("Wonotunggal"); the heading says what they are.
  const heading = !code
    ? m.heading
    : path.length === 2
      ? fmt(m.kecamatanTitle, { name: currentName })
      : currentName;

  const kabkota = useMemo(() => (pemdas.items ?? []).filter((p) => p.code !== PROVINCE_CODE), [pemdas.items]);
  const joined = kabkota.filter((p) => p.joinedAt).length;

  const breadcrumb = (
    <Breadcrumbs
      aria-label={m.breadcrumb}
      separatorMargin={6}
      data-testid="region-breadcrumb"
      style={{ flexWrap: 'wrap' }}
    >
      <Anchor component={Link} to="/wilayah" size="sm">
        {m.root}
      </Anchor>
      {path.map((ancestor) =>
        ancestor === code ? (
          <Text key={ancestor} size="sm" fw={600} aria-current="page">
            {nameOf(ancestor)}
          </Text>
        ) : (
          <Anchor key={ancestor} component={Link} to={regionHref(ancestor)} size="sm">
            {nameOf(ancestor)}
          </Anchor>
        ),
      )}
    </Breadcrumbs>
  );

  const filterInput = (
    <TextInput
      placeholder={m.filterPlaceholder}
      aria-label={m.filterPlaceholder}
      leftSection={<IconSearch size={16} />}
      value={filter}
      onChange={(event) => setFilter(event.currentTarget.value)}
      w={{ base: '100%', sm: 320 }}
      data-testid="region-filter"
    />
  );

  let content: React.ReactNode;
  if (!code) {
    if (pemdas.error) content = <ErrorAlert error={pemdas.error} onRetry={pemdas.reload} />;
    else if (!pemdas.items) content = <Loading />;
    else {
      const rows = pemdas.items.filter((p) => matches(filter, p.name, p.code));
      content = (
        <Stack gap="md">
          <Group justify="space-between" gap="sm" wrap="wrap">
            {filterInput}
            <Stack gap={4} w={{ base: '100%', sm: 340 }}>
              <Text size="sm" c="dimmed">
                {fmt(m.joinedSummary, { joined, total: kabkota.length })}
              </Text>
              <Progress
                value={kabkota.length ? (joined / kabkota.length) * 100 : 0}
                color="sogan"
                size="sm"
              />
            </Stack>
          </Group>
          {rows.length > 0 ? (
            <PemdaTable pemdas={rows} />
          ) : (
            <Text c="dimmed" size="sm" py="md">
              {messages.common.noResults}
            </Text>
          )}
        </Stack>
      );
    }
  } else if (children.error) {
    content = <ErrorAlert error={children.error} onRetry={children.reload} />;
  } else if (!children.data) {
    content = <Loading />;
  } else {
    const rows = children.data.items.filter((r) => matches(filter, r.name, r.code));
    content = (
      <Stack gap="md">
        <Group justify="space-between" gap="sm" wrap="wrap">
          {filterInput}
          <Badge variant="light" color="jateng" size="lg" radius="sm">
            {fmt(
              children.data.items[0]?.level === 3
                ? m.kecamatanCount
                : children.data.items[0]?.level === 4
                  ? m.desaCount
                  : m.childCount,
              { count: children.data.items.length },
            )}
          </Badge>
        </Group>
        {children.data.items.length === 0 ? (
          <Text c="dimmed" size="sm" py="md">
            {fmt(m.noChildren, { name: currentName })}
          </Text>
        ) : rows.length > 0 ? (
          <RegionChildrenTable regions={rows} />
        ) : (
          <Text c="dimmed" size="sm" py="md">
            {messages.common.noResults}
          </Text>
        )}
      </Stack>
    );
  }

  return (
    <>
      <PageHeader
        above={code ? breadcrumb : undefined}
        title={heading}
        description={code ? fmt(m.childrenOf, { name: heading }) : m.intro}
      />
      <Card padding={0} radius="md">
        <Card.Section p={{ base: 'sm', sm: 'md' }}>{content}</Card.Section>
      </Card>
    </>
  );
}
