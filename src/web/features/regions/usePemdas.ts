import { useMemo } from 'react';
import { useApiQuery } from '../../useApiQuery';
import { type Pemda, PROVINCE_CODE } from './types';

/** GET /api/v1/pemdas, cached for the page's lifetime, with a lookup by code. */
export function usePemdas() {
  const query = useApiQuery<{ items: Pemda[] }>('/api/v1/pemdas', { cache: true });
  const items = query.data?.items;
  const byCode = useMemo(() => new Map((items ?? []).map((pemda) => [pemda.code, pemda])), [items]);
  return { ...query, items, byCode };
}

/** The pemda's name, or its code while the list is loading or when it is unknown. */
export function pemdaName(byCode: Map<string, Pemda>, code: string | null | undefined): string {
  if (!code) return '';
  return byCode.get(code)?.name ?? code;
}

/**
 * The pemdas an operator can act for, as far as /me tells: a kabupaten/kota operator has one
 * `pemdaCode`; a province operator (`33`) or a user spanning several pemdas gets the full list
 * (the server still checks every request).
 */
export function pemdasInScope(items: Pemda[] | undefined, mePemdaCode: string | undefined): Pemda[] {
  if (!items) return [];
  if (mePemdaCode && mePemdaCode !== PROVINCE_CODE) return items.filter((p) => p.code === mePemdaCode);
  return items;
}
