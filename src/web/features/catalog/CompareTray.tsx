import { ActionIcon, Box, Button, CloseButton, Group, Paper, Text, Tooltip } from '@mantine/core';
import { IconScale, IconTrash } from '@tabler/icons-react';
import { Link } from 'react-router';
import { fmt, messages } from '../../../shared/messages';
import { formatRupiah } from '../../../shared/money';
import { COMPARE_LIMIT, compareHref, useCompare } from './compare';

const m = messages.catalog;

/** The offers picked for comparison, stuck to the bottom of the window while any are picked. */
export function CompareTray() {
  const compare = useCompare();
  if (compare.items.length === 0) return null;
  const ready = compare.items.length >= 2;
  return (
    <Paper className="blk-compare-tray" shadow="lg" radius="md" p="sm" data-testid="compare-tray">
      <Group justify="space-between" align="center" gap="sm" wrap="wrap">
        <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
          <IconScale size={20} color="var(--mantine-color-sogan-7)" aria-hidden style={{ flexShrink: 0 }} />
          <Box style={{ minWidth: 0 }}>
            <Text size="sm" fw={700}>
              {m.trayTitle}
            </Text>
            <Text size="xs" c="dimmed" aria-live="polite">
              {fmt(m.traySelected, { count: compare.items.length })}
              {!ready && ` · ${m.trayHint}`}
            </Text>
          </Box>
        </Group>
        <Group gap="xs" wrap="nowrap" ml="auto">
          <Button variant="subtle" color="gray" size="xs" onClick={compare.clear} visibleFrom="xs">
            {m.trayClear}
          </Button>
          <Tooltip label={m.trayClear}>
            <ActionIcon
              variant="subtle"
              color="gray"
              onClick={compare.clear}
              aria-label={m.trayClear}
              hiddenFrom="xs"
            >
              <IconTrash size={18} />
            </ActionIcon>
          </Tooltip>
          <Button
            component={Link}
            to={compareHref(compare.items.map((item) => item.id))}
            size="xs"
            color="sogan"
            disabled={!ready}
            onClick={(event) => {
              if (!ready) event.preventDefault();
            }}
            data-testid="compare-open"
          >
            {m.trayOpen}
          </Button>
        </Group>
      </Group>
      <Box className="blk-compare-slots" mt="xs" visibleFrom="sm">
        {Array.from({ length: COMPARE_LIMIT }, (_, index) => {
          const item = compare.items[index];
          return item ? (
            <Paper key={item.id} p={6} pl="xs" radius="sm" bg="gray.0" data-testid="compare-slot">
              <Group gap={4} wrap="nowrap" justify="space-between" align="flex-start">
                <Box style={{ minWidth: 0 }}>
                  <Text size="xs" fw={600} lineClamp={2} title={item.name}>
                    {item.name}
                  </Text>
                  <Text size="xs" c="dimmed" truncate title={item.sellerName}>
                    {formatRupiah(item.priceIdr)} / {item.unit}
                    {item.sellerName && ` · ${item.sellerName}`}
                  </Text>
                </Box>
                <CloseButton
                  size="sm"
                  onClick={() => compare.remove(item.id)}
                  aria-label={fmt(m.trayRemove, { name: item.name })}
                />
              </Group>
            </Paper>
          ) : (
            // biome-ignore lint/suspicious/noArrayIndexKey: empty slots have nothing else to key on.
            <Box key={`empty-${index}`} className="blk-compare-empty-slot" />
          );
        })}
      </Box>
    </Paper>
  );
}
