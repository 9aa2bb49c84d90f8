import { Badge, Box, Group, Stack, Text } from '@mantine/core';
import { fmt, messages } from '../../../shared/messages';
import { formatRupiah } from '../../../shared/money';
import type { PricePosition, ProductPage } from './types';

const m = messages.catalog.product;

const positionColors: Record<PricePosition, string> = {
  lowest: 'jateng',
  below_median: 'teal',
  median: 'blue',
  above_median: 'orange',
  highest: 'red',
};

/** Where `price` falls between min and max, as a percentage of the bar. */
function place(price: number, min: number, max: number): number {
  if (max <= min) return 50;
  return Math.min(100, Math.max(0, ((price - min) / (max - min)) * 100));
}

/** The min–median–max bar of same-category, same-unit offers, with this offer marked on it. */
export function PriceSpread({ spread, priceIdr }: { spread: ProductPage['priceSpread']; priceIdr: number }) {
  const median = place(spread.medianIdr, spread.minIdr, spread.maxIdr);
  const here = place(priceIdr, spread.minIdr, spread.maxIdr);
  return (
    <Stack gap="sm" data-testid="price-spread">
      <Group gap="xs" wrap="wrap">
        <Text size="sm">{m.spreadThis}:</Text>
        <Text size="sm" fw={700}>
          {formatRupiah(priceIdr)}
        </Text>
        <Badge
          color={positionColors[spread.position]}
          variant="light"
          radius="sm"
          data-testid="price-position"
        >
          {m.positions[spread.position]}
        </Badge>
      </Group>
      <Box
        className="blk-spread"
        role="img"
        aria-label={fmt(m.spreadSummary, {
          min: formatRupiah(spread.minIdr),
          median: formatRupiah(spread.medianIdr),
          max: formatRupiah(spread.maxIdr),
          price: formatRupiah(priceIdr),
          position: m.positions[spread.position],
        })}
      >
        <Box className="blk-spread-track" />
        <Box className="blk-spread-median" style={{ left: `${median}%` }} />
        <Box
          className="blk-spread-marker"
          style={{
            left: `${here}%`,
            background: `var(--mantine-color-${positionColors[spread.position]}-7)`,
          }}
        />
      </Box>
      <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
        <Box>
          <Text size="xs" c="dimmed">
            {m.spreadMin}
          </Text>
          <Text size="sm" fw={600}>
            {formatRupiah(spread.minIdr)}
          </Text>
        </Box>
        <Box ta="center">
          <Text size="xs" c="dimmed">
            {m.spreadMedian}
          </Text>
          <Text size="sm" fw={600}>
            {formatRupiah(spread.medianIdr)}
          </Text>
        </Box>
        <Box ta="right">
          <Text size="xs" c="dimmed">
            {m.spreadMax}
          </Text>
          <Text size="sm" fw={600}>
            {formatRupiah(spread.maxIdr)}
          </Text>
        </Box>
      </Group>
    </Stack>
  );
}
