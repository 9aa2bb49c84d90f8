import { useLocalStorage } from '@mantine/hooks';
import { useSession } from '../accounts/session';
import type { Me } from '../accounts/types';
import { REGION_CODE } from './filters';

const REGION_KEY = 'blangkon.catalog.region';

function readRegion(value: string | undefined): string | null {
  if (!value) return null;
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'string' && REGION_CODE.test(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

/** The kabupaten/kota a signed-in user buys for: their pemda, or the one pemda of all their satkers. */
export function accountRegionOf(me: Me | null): string | null {
  if (!me) return null;
  if (me.pemdaCode && REGION_CODE.test(me.pemdaCode)) return me.pemdaCode;
  const pemdas = [...new Set(me.satkers.map((satker) => satker.pemdaCode))];
  return pemdas.length === 1 && pemdas[0] && REGION_CODE.test(pemdas[0]) ? pemdas[0] : null;
}

/**
 * The buyer's kabupaten/kota for "local" and ranking: one picked on the page (`picked`, from the
 * query string) first, then the signed-in user's pemda, then what a visitor chose before (kept
 * in localStorage).
 */
export function useBuyerRegion(picked: string | null) {
  const { session } = useSession();
  const me = session.status === 'authenticated' ? session.me : null;
  const account = accountRegionOf(me);
  const [remembered, setRemembered] = useLocalStorage<string | null>({
    key: REGION_KEY,
    defaultValue: null,
    getInitialValueInEffect: false,
    deserialize: readRegion,
  });
  const regionCode = picked ?? account ?? remembered;
  return {
    regionCode,
    account,
    /** Whether the session is still being checked (the account's region is not known yet). */
    pending: session.status === 'loading',
    /** Keeps a visitor's choice for the next pages and visits. */
    remember: (code: string) => {
      if (!account) setRemembered(code);
    },
  };
}
