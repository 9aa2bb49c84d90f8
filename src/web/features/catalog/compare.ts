import { useLocalStorage } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useCallback } from 'react';
import { messages } from '../../../shared/messages';
import type { CatalogOffer } from './types';

export const COMPARE_LIMIT = 4;
const COMPARE_KEY = 'blangkon.compare';

/** What the comparison tray shows of an offer, kept so it renders without asking the server. */
export interface ComparedOffer {
  id: string;
  name: string;
  priceIdr: number;
  unit: string;
  /** Tells apart the same product from different sellers. */
  sellerName?: string;
}

const NONE: ComparedOffer[] = [];

function readCompared(value: string | undefined): ComparedOffer[] {
  if (!value) return NONE;
  try {
    const parsed: unknown = JSON.parse(value);
    if (!Array.isArray(parsed)) return NONE;
    return parsed
      .filter(
        (item): item is ComparedOffer =>
          typeof item === 'object' &&
          item !== null &&
          typeof item.id === 'string' &&
          typeof item.name === 'string' &&
          typeof item.priceIdr === 'number' &&
          typeof item.unit === 'string' &&
          (item.sellerName === undefined || typeof item.sellerName === 'string'),
      )
      .slice(0, COMPARE_LIMIT);
  } catch {
    return NONE;
  }
}

/** The offers picked for comparison (at most four), kept in localStorage and shared by every page. */
export function useCompare() {
  const [items, setItems] = useLocalStorage<ComparedOffer[]>({
    key: COMPARE_KEY,
    defaultValue: NONE,
    getInitialValueInEffect: false,
    deserialize: readCompared,
  });

  const has = useCallback((id: string) => items.some((item) => item.id === id), [items]);

  /** Adds or removes an offer; a fifth one is refused with a notice. */
  const toggle = (offer: CatalogOffer) => {
    if (has(offer.id)) {
      setItems(items.filter((item) => item.id !== offer.id));
      return;
    }
    if (items.length >= COMPARE_LIMIT) {
      notifications.show({
        id: 'compare-limit',
        color: 'orange',
        title: messages.catalog.compareLimitTitle,
        message: messages.catalog.compareLimit,
      });
      return;
    }
    setItems([
      ...items,
      {
        id: offer.id,
        name: offer.name,
        priceIdr: offer.priceIdr,
        unit: offer.unit,
        sellerName: offer.seller.name,
      },
    ]);
  };

  const remove = (id: string) => setItems(items.filter((item) => item.id !== id));
  const clear = () => setItems(NONE);

  return { items, has, toggle, remove, clear };
}

/** `/katalog/bandingkan?ids=a,b` */
export function compareHref(ids: string[]): string {
  return `/katalog/bandingkan?ids=${ids.map(encodeURIComponent).join(',')}`;
}
