import { useLocalStorage } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { fmt, messages } from '../../../shared/messages';
import { useSession } from '../accounts/session';

const CART_KEY = 'blangkon.cart';

/** A cart line as the order feature will read it: `POST /api/v1/orders` takes `{ productId, qty }`. */
export interface CartLine {
  productId: string;
  qty: number;
}

const EMPTY: CartLine[] = [];

function readCart(value: string | undefined): CartLine[] {
  if (!value) return EMPTY;
  try {
    const parsed: unknown = JSON.parse(value);
    if (!Array.isArray(parsed)) return EMPTY;
    return parsed.filter(
      (line): line is CartLine =>
        typeof line === 'object' &&
        line !== null &&
        typeof line.productId === 'string' &&
        Number.isInteger(line.qty) &&
        line.qty > 0,
    );
  } catch {
    return EMPTY;
  }
}

/** The cart in localStorage (one key for the whole cart), shared by every page and tab. */
export function useCart() {
  const [lines, setLines] = useLocalStorage<CartLine[]>({
    key: CART_KEY,
    defaultValue: EMPTY,
    getInitialValueInEffect: false,
    deserialize: readCart,
  });

  /** Adds `qty` of a product (to the line already there, if any) and says so. */
  const add = (product: { id: string; name: string; unit: string }, qty: number) => {
    const existing = lines.find((line) => line.productId === product.id);
    const next = existing
      ? lines.map((line) => (line.productId === product.id ? { ...line, qty: line.qty + qty } : line))
      : [...lines, { productId: product.id, qty }];
    setLines(next);
    notifications.show({
      color: 'jateng',
      title: messages.catalog.addedToCart,
      message: fmt(messages.catalog.addedToCartText, {
        name: product.name,
        qty,
        unit: product.unit,
        count: next.length,
      }),
    });
  };

  /** Drops a product's line. */
  const remove = (productId: string) => setLines(lines.filter((line) => line.productId !== productId));

  /** Sets a line's quantity (whole units, at least 1). */
  const setQty = (productId: string, qty: number) => {
    if (!Number.isInteger(qty) || qty < 1) return;
    setLines(lines.map((line) => (line.productId === productId ? { ...line, qty } : line)));
  };

  /** Empties the cart (after checkout, or on request). */
  const clear = () => setLines(EMPTY);

  return { lines, count: lines.length, add, remove, setQty, clear };
}

/** Only a Pejabat Pengadaan fills a cart; everyone else does not see the button. */
export function useCanBuy(): boolean {
  const { session } = useSession();
  return session.status === 'authenticated' && session.me.user.roles.includes('pp');
}
