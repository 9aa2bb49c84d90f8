import { Button } from '@mantine/core';
import { IconCheck, IconScale, IconShoppingCartPlus } from '@tabler/icons-react';
import { fmt, messages } from '../../../shared/messages';
import { useCanBuy, useCart } from './cart';
import { useCompare } from './compare';
import type { CatalogOffer } from './types';

const m = messages.catalog;

/** "Bandingkan": adds the offer to the comparison tray, or takes it out again. */
export function CompareToggle({
  offer,
  size = 'xs',
  fullWidth,
}: {
  offer: CatalogOffer;
  size?: 'xs' | 'sm';
  fullWidth?: boolean;
}) {
  const compare = useCompare();
  const selected = compare.has(offer.id);
  return (
    <Button
      size={size}
      variant={selected ? 'filled' : 'default'}
      color={selected ? 'sogan' : undefined}
      leftSection={selected ? <IconCheck size={14} /> : <IconScale size={14} />}
      onClick={() => compare.toggle(offer)}
      aria-pressed={selected}
      aria-label={fmt(m.compareOf, { name: offer.name })}
      fullWidth={fullWidth}
      data-testid="compare-toggle"
    >
      {selected ? m.compared : m.compare}
    </Button>
  );
}

/** "Tambah ke keranjang", shown to a Pejabat Pengadaan only. */
export function AddToCartButton({
  offer,
  qty = 1,
  size = 'xs',
  disabled,
  fullWidth,
}: {
  offer: CatalogOffer;
  qty?: number;
  size?: 'xs' | 'sm';
  disabled?: boolean;
  fullWidth?: boolean;
}) {
  const canBuy = useCanBuy();
  const cart = useCart();
  if (!canBuy) return null;
  return (
    <Button
      size={size}
      leftSection={<IconShoppingCartPlus size={16} />}
      onClick={() => cart.add(offer, qty)}
      disabled={disabled || offer.stock === 0}
      fullWidth={fullWidth}
      data-testid="add-to-cart"
    >
      {m.addToCart}
    </Button>
  );
}
