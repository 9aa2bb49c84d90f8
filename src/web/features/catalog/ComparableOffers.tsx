import { Anchor, Box, Flex, Group, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { Link } from 'react-router';
import { fmt, messages } from '../../../shared/messages';
import { formatRupiah } from '../../../shared/money';
import { AddToCartButton, CompareToggle } from './OfferActions';
import { OfferBadges, scaleLabel } from './OfferBadges';
import { productHref, StockText } from './ResultCard';
import type { CatalogOffer } from './types';

const m = messages.catalog;
const t = messages.catalog.compareTable;

function OfferName({ offer, regionCode }: { offer: CatalogOffer; regionCode: string | null }) {
  return (
    <Anchor component={Link} to={productHref(offer.id, regionCode)} fw={600} size="sm" c="jateng.9">
      {offer.name}
    </Anchor>
  );
}

function SellerText({ offer }: { offer: CatalogOffer }) {
  return (
    <>
      <Text size="sm">{offer.seller.name}</Text>
      <Text size="xs" c="dimmed">
        {fmt(m.scaleOf, { scale: scaleLabel(offer.seller.scale).toLowerCase() })} ·{' '}
        {fmt(m.via, { partner: offer.partner.name })}
      </Text>
    </>
  );
}

function PriceText({ offer }: { offer: CatalogOffer }) {
  return (
    <>
      <Text size="sm" fw={700} style={{ whiteSpace: 'nowrap' }}>
        {formatRupiah(offer.priceIdr)}
      </Text>
      <Text size="xs" c="dimmed">
        {fmt(m.perUnit, { unit: offer.unit })}
      </Text>
      <StockText stock={offer.stock} />
    </>
  );
}

function Actions({ offer }: { offer: CatalogOffer }) {
  return (
    <Group gap="xs" wrap="nowrap" className="blk-result-actions">
      <CompareToggle offer={offer} />
      <AddToCartButton offer={offer} />
    </Group>
  );
}

/**
 * Offers of the same category and unit from other sellers: a table from the `sm` breakpoint up,
 * a list of rows on phones.
 */
export function ComparableOffers({
  offers,
  regionCode,
}: {
  offers: CatalogOffer[];
  regionCode: string | null;
}) {
  const wide = useMediaQuery('(min-width: 48em)', true, { getInitialValueInEffect: false });
  if (!wide) {
    return (
      <Stack gap={0} data-testid="comparable-offers">
        {offers.map((offer) => (
          <Box key={offer.id} py="sm" className="blk-list-row" data-testid="comparable-offer">
            <Flex justify="space-between" gap="sm" align="flex-start">
              <Stack gap={6} style={{ flex: 1, minWidth: 0 }}>
                <OfferName offer={offer} regionCode={regionCode} />
                <OfferBadges offer={offer} />
                <Box>
                  <SellerText offer={offer} />
                </Box>
              </Stack>
              <Box ta="right" style={{ flexShrink: 0 }}>
                <PriceText offer={offer} />
              </Box>
            </Flex>
            <Box mt="xs">
              <Actions offer={offer} />
            </Box>
          </Box>
        ))}
      </Stack>
    );
  }
  return (
    <Table verticalSpacing="sm" highlightOnHover data-testid="comparable-offers">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{m.product.pageTitle}</Table.Th>
          <Table.Th>{t.seller}</Table.Th>
          <Table.Th ta="right">{t.price}</Table.Th>
          <Table.Th>
            <VisuallyHidden>{m.compare}</VisuallyHidden>
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {offers.map((offer) => (
          <Table.Tr key={offer.id} data-testid="comparable-offer">
            <Table.Td>
              <Stack gap={6}>
                <OfferName offer={offer} regionCode={regionCode} />
                <OfferBadges offer={offer} />
              </Stack>
            </Table.Td>
            <Table.Td>
              <SellerText offer={offer} />
            </Table.Td>
            <Table.Td ta="right">
              <PriceText offer={offer} />
            </Table.Td>
            <Table.Td>
              <Group justify="flex-end">
                <Actions offer={offer} />
              </Group>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
