import { Box, Button, Group, Input, NumberInput, Select, Stack, Switch, Text } from '@mantine/core';
import { IconFilterOff } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import { fmt, messages } from '../../../shared/messages';
import { formatCount } from '../../format';
import { pemdaName, usePemdas } from '../regions/usePemdas';
import { activeFilterCount, type CatalogFilters } from './filters';
import { scaleLabel } from './OfferBadges';
import { type DomesticClass, domesticClasses, isDomesticClass, type SearchFacets } from './types';

const m = messages.catalog;

interface Option {
  value: string;
  label: string;
  count: number | null;
}

/** The facet's options with their counts; the chosen value stays listed even when it has none. */
function facetOptions(
  facet: Array<{ value: string; label: string; count: number }> | undefined,
  selected: string | null,
  labelOf?: (value: string) => string | undefined,
): Option[] {
  const options: Option[] = (facet ?? []).map((f) => ({
    value: f.value,
    label: labelOf?.(f.value) ?? f.label,
    count: f.count,
  }));
  if (selected && !options.some((o) => o.value === selected)) {
    options.unshift({ value: selected, label: labelOf?.(selected) ?? selected, count: 0 });
  }
  return options;
}

function FacetSelect({
  label,
  placeholder,
  options,
  value,
  onChange,
  testId,
  searchable,
}: {
  label: string;
  placeholder: string;
  options: Option[];
  value: string | null;
  onChange: (value: string | null) => void;
  testId: string;
  searchable?: boolean;
}) {
  const counts = new Map(options.map((o) => [o.value, o.count]));
  return (
    <Select
      label={label}
      placeholder={placeholder}
      data={options.map((o) => ({ value: o.value, label: o.label }))}
      value={value}
      onChange={onChange}
      clearable
      searchable={searchable}
      nothingFoundMessage={messages.common.noResults}
      renderOption={({ option }) => {
        const count = counts.get(option.value);
        return (
          <Group justify="space-between" gap="xs" wrap="nowrap" w="100%">
            <Text size="sm">{option.label}</Text>
            {count !== null && count !== undefined && (
              <Text size="xs" c="dimmed" aria-label={fmt(m.facetCount, { count })}>
                {formatCount(count)}
              </Text>
            )}
          </Group>
        );
      }}
      comboboxProps={{ withinPortal: true }}
      data-testid={testId}
    />
  );
}

/** A number field that changes the search when it loses focus or on Enter, not on every key. */
function CommittedNumberInput({
  value,
  onCommit,
  ...props
}: {
  value: number | null;
  onCommit: (value: number | null) => void;
  label?: string;
  placeholder?: string;
  description?: string;
  min?: number;
  max?: number;
  prefix?: string;
  suffix?: string;
  thousandSeparator?: string;
  decimalScale?: number;
  'aria-label'?: string;
  'data-testid'?: string;
}) {
  const [draft, setDraft] = useState<string | number>(value ?? '');
  useEffect(() => setDraft(value ?? ''), [value]);
  const commit = () => {
    const next = draft === '' ? null : Number(draft);
    const clean = next === null || !Number.isFinite(next) ? null : next;
    if (clean !== value) onCommit(clean);
  };
  return (
    <NumberInput
      {...props}
      value={draft}
      onChange={setDraft}
      onBlur={commit}
      onKeyDown={(event) => {
        if (event.key === 'Enter') commit();
      }}
      decimalSeparator=","
      allowNegative={false}
      hideControls
      clampBehavior="blur"
    />
  );
}

export interface FilterPanelProps {
  filters: CatalogFilters;
  /** Facets of the current search, and of the searches without each select's own filter. */
  facets: SearchFacets | undefined;
  facetsWithout: Partial<Record<'category' | 'partner' | 'domesticClass', SearchFacets | undefined>>;
  regionCode: string | null;
  accountRegion: string | null;
  onChange: (changes: Partial<CatalogFilters>) => void;
  onRegionChange: (code: string) => void;
  onReset: () => void;
}

/** Region, local and UMK switches, facet selects with counts, TKDN minimum and price range. */
export function FilterPanel({
  filters,
  facets,
  facetsWithout,
  regionCode,
  accountRegion,
  onChange,
  onRegionChange,
  onReset,
}: FilterPanelProps) {
  const pemdas = usePemdas();
  const regionOptions = useMemo(
    () =>
      (pemdas.items ?? [])
        .filter((p) => p.kind === 'kabupaten' || p.kind === 'kota')
        .map((p) => ({ value: p.code, label: p.name })),
    [pemdas.items],
  );
  const regionLabel = pemdaName(pemdas.byCode, regionCode);

  const categoryFacet = (filters.category ? facetsWithout.category : facets)?.category;
  const partnerFacet = (filters.partner ? facetsWithout.partner : facets)?.partner;
  const classFacet = (filters.domesticClass ? facetsWithout.domesticClass : facets)?.domesticClass;
  const localCount = facets?.local.find((f) => f.value === 'true')?.count ?? 0;
  const scaleCounts = (facets?.scale ?? [])
    .filter((f) => f.value === 'mikro' || f.value === 'kecil')
    .map((f) => `${scaleLabel(f.value)} ${formatCount(f.count)}`)
    .join(' · ');
  const classOptions = facetOptions(classFacet, filters.domesticClass, (value) =>
    isDomesticClass(value) ? m.classes[value] : undefined,
  ).sort(
    (a, b) =>
      domesticClasses.indexOf(a.value as DomesticClass) - domesticClasses.indexOf(b.value as DomesticClass),
  );

  return (
    <Stack gap="md">
      <Select
        label={m.region}
        description={accountRegion && regionCode === accountRegion ? m.regionFromAccount : m.regionHint}
        placeholder={m.regionPlaceholder}
        data={regionOptions}
        value={regionCode}
        onChange={(value) => value && onRegionChange(value)}
        searchable
        allowDeselect={false}
        nothingFoundMessage={messages.common.noResults}
        data-testid="filter-region"
      />
      <Switch
        label={
          <Group gap={6} wrap="nowrap" component="span">
            <span>{m.local}</span>
            {regionCode && (
              <Text span size="xs" c="dimmed">
                ({formatCount(localCount)})
              </Text>
            )}
          </Group>
        }
        description={regionCode ? fmt(m.localHint, { region: regionLabel }) : m.localNeedsRegion}
        checked={filters.local && regionCode !== null}
        disabled={!regionCode}
        onChange={(event) => onChange({ local: event.currentTarget.checked })}
        data-testid="filter-local"
      />
      <Switch
        label={m.umk}
        description={
          <>
            {m.umkHint}
            {scaleCounts && (
              <Box component="span" display="block">
                {scaleCounts}
              </Box>
            )}
          </>
        }
        checked={filters.umk}
        onChange={(event) => onChange({ umk: event.currentTarget.checked })}
        data-testid="filter-umk"
      />
      <FacetSelect
        label={m.category}
        placeholder={m.allCategories}
        options={facetOptions(categoryFacet, filters.category)}
        value={filters.category}
        onChange={(category) => onChange({ category })}
        searchable
        testId="filter-category"
      />
      <FacetSelect
        label={m.partner}
        placeholder={m.allPartners}
        options={facetOptions(partnerFacet, filters.partner)}
        value={filters.partner}
        onChange={(partner) => onChange({ partner })}
        testId="filter-partner"
      />
      <FacetSelect
        label={m.domesticClass}
        placeholder={m.allClasses}
        options={classOptions}
        value={filters.domesticClass}
        onChange={(value) => onChange({ domesticClass: isDomesticClass(value) ? value : null })}
        testId="filter-domestic-class"
      />
      <CommittedNumberInput
        label={m.tkdnMin}
        description={m.tkdnMinHint}
        placeholder="0"
        value={filters.tkdnMin}
        onCommit={(tkdnMin) => onChange({ tkdnMin })}
        min={0}
        max={100}
        suffix="%"
        decimalScale={2}
        data-testid="filter-tkdn-min"
      />
      <Input.Wrapper label={m.price}>
        <Group gap="xs" grow wrap="nowrap">
          <CommittedNumberInput
            aria-label={m.priceMin}
            placeholder={m.priceMinPlaceholder}
            value={filters.priceMin}
            onCommit={(priceMin) => onChange({ priceMin: priceMin === null ? null : Math.floor(priceMin) })}
            min={0}
            prefix="Rp"
            thousandSeparator="."
            decimalScale={0}
            data-testid="filter-price-min"
          />
          <CommittedNumberInput
            aria-label={m.priceMax}
            placeholder={m.priceMaxPlaceholder}
            value={filters.priceMax}
            onCommit={(priceMax) => onChange({ priceMax: priceMax === null ? null : Math.floor(priceMax) })}
            min={0}
            prefix="Rp"
            thousandSeparator="."
            decimalScale={0}
            data-testid="filter-price-max"
          />
        </Group>
      </Input.Wrapper>
      {activeFilterCount(filters) > 0 && (
        <Button
          variant="subtle"
          color="sogan"
          leftSection={<IconFilterOff size={16} />}
          onClick={onReset}
          data-testid="filter-reset"
        >
          {m.resetFilters}
        </Button>
      )}
    </Stack>
  );
}
