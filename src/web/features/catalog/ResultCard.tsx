import { Anchor, Box, Card, Collapse, Flex, Group, List, Stack, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconChevronDown, IconInfoCircle } from '@tabler/icons-react';
import { useId } from 'react';
import { Link } from 'react-router';
import { fmt, messages } from '../../../shared/messages';
import { formatRupiah } from '../../../shared/money';
import { formatCount } from '../../format';
import { AddToCartButton, CompareToggle } from './OfferActions';
import { OfferBadges, scaleLabel } from './OfferBadges';
import type { CatalogItem } from './types';

const m = messages.catalog;

export function productHref(id: string, regionCode?: string | null): string {
  const path = `/katalog/produk/${encodeURIComponent(id)}`;
  return regionCode ? `${path}?regionCode=${encodeURIComponent(regionCode)}` : path;
}

export function StockText({ stock }: { stock: number | null }) {
  if (stock === null)
    return (
      <Text size="xs" c="dimmed">
        {m.stockUnknown}
      </Text>
    );
  return (
    <Text size="xs" c={stock === 0 ? 'red.7' : 'dimmed'} fw={stock === 0 ? 600 : undefined}>
      {stock === 0 ? m.outOfStock : fmt(m.stock, { count: formatCount(stock) })}
    </Text>
  );
}

/** One offer in the search results, with why it ranks where it does. */
export function ResultCard({ item, regionCode }: { item: CatalogItem; regionCode: string | null }) {
  const [reasonsOpen, { toggle }] = useDisclosure(false);
  const reasonsId = useId();
  return (
    <Card padding="md" radius="md" data-testid="catalog-result" data-product-id={item.id}>
      <Group justify="space-between" align="flex-start" gap="sm" wrap="nowrap">
        <Stack gap={6} style={{ flex: 1, minWidth: 0 }}>
          <Box>
            <Anchor
              component={Link}
              to={productHref(item.id, regionCode)}
              fw={700}
              c="jateng.9"
              lh={1.3}
              data-testid="result-name"
            >
              {item.name}
            </Anchor>
            <Text size="xs" c="dimmed" mt={2}>
              {item.category.name}
            </Text>
          </Box>
          <OfferBadges offer={item} />
          <Box>
            <Text size="sm" fw={600} lh={1.35}>
              {item.seller.name}
            </Text>
            <Text size="xs" c="dimmed">
              {fmt(m.scaleOf, { scale: scaleLabel(item.seller.scale).toLowerCase() })}
              {' · '}
              {fmt(m.via, { partner: item.partner.name })}
            </Text>
          </Box>
        </Stack>
        <Box ta="right" style={{ flexShrink: 0 }}>
          <Text fw={800} fz={{ base: 'md', sm: 'lg' }} c="jateng.9" style={{ whiteSpace: 'nowrap' }}>
            {formatRupiah(item.priceIdr)}
          </Text>
          <Text size="xs" c="dimmed">
            {fmt(m.perUnit, { unit: item.unit })}
          </Text>
          <StockText stock={item.stock} />
        </Box>
      </Group>
      <Flex
        direction={{ base: 'column', xs: 'row' }}
        justify="space-between"
        align={{ base: 'stretch', xs: 'center' }}
        gap="xs"
        mt="sm"
      >
        <UnstyledButton
          onClick={toggle}
          aria-expanded={reasonsOpen}
          aria-controls={reasonsId}
          data-testid="reason-toggle"
          className="blk-reason-toggle"
          style={{ alignSelf: 'flex-start' }}
        >
          <Group gap={4} wrap="nowrap">
            <IconInfoCircle size={16} aria-hidden />
            <Text size="sm" span>
              {m.reasonToggle}
            </Text>
            <IconChevronDown
              size={14}
              aria-hidden
              style={{ transform: reasonsOpen ? 'rotate(180deg)' : undefined, transition: 'transform 150ms' }}
            />
          </Group>
        </UnstyledButton>
        <Group gap="xs" wrap="nowrap" className="blk-result-actions">
          <CompareToggle offer={item} />
          <AddToCartButton offer={item} />
        </Group>
      </Flex>
      <Collapse expanded={reasonsOpen} id={reasonsId}>
        <Box mt="xs" p="sm" bg="gray.0" style={{ borderRadius: 'var(--mantine-radius-sm)' }}>
          <List size="sm" spacing={4} data-testid="reason-list">
            {item.reasons.map((reason) => (
              <List.Item key={reason.code}>{reason.message}</List.Item>
            ))}
          </List>
        </Box>
      </Collapse>
    </Card>
  );
}
