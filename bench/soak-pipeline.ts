import type { SatkerAccounts } from './soak-data';

/**
 * The orders the soak placed, each waiting for whoever moves it next: the partner (accept,
 * ship, deliver, invoice, forward the payment), the PPK (approve, sign the BAST) or the
 * bendahara (pay). One step per order at a time, so a 409 is never the mix's own race.
 */

export type Actor = 'partner' | 'ppk' | 'bendahara';

export interface TrackedOrder {
  number: string;
  partnerCode: string;
  satker: SatkerAccounts;
  status: string;
  totalIdr: number;
  lines: Array<{ lineNo: number; qty: number }>;
  /** A step failed without a clear answer: the stored status is unknown, not checked. */
  uncertain: boolean;
}

const nextActor: Record<string, Actor | undefined> = {
  pending_approval: 'ppk',
  sent: 'partner',
  accepted: 'partner',
  shipped: 'partner',
  delivered: 'ppk',
  received: 'partner',
  invoiced: 'bendahara',
  paid: 'partner',
};

export class Pipeline {
  readonly all = new Map<string, TrackedOrder>();
  readonly #list: TrackedOrder[] = [];
  readonly #ready: Record<Actor, TrackedOrder[]> = { partner: [], ppk: [], bendahara: [] };

  /** An order answered 201 by checkout. */
  add(order: TrackedOrder) {
    this.all.set(order.number, order);
    this.#list.push(order);
    this.#queue(order);
  }

  /** Takes an order waiting for `actor` (random, so orders age unevenly), or none. */
  take(actor: Actor, random: () => number): TrackedOrder | undefined {
    const list = this.#ready[actor];
    if (list.length === 0) return undefined;
    const index = Math.floor(random() * list.length);
    const order = list[index]!;
    list[index] = list[list.length - 1]!;
    list.pop();
    return order;
  }

  /** After a step: the new status on success, or the order marked uncertain (no longer moved). */
  done(order: TrackedOrder, status: string | null) {
    if (status === null) {
      order.uncertain = true;
      return;
    }
    order.status = status;
    this.#queue(order);
  }

  waiting(): Record<Actor, number> {
    return {
      partner: this.#ready.partner.length,
      ppk: this.#ready.ppk.length,
      bendahara: this.#ready.bendahara.length,
    };
  }

  /** Orders per status (uncertain ones apart). */
  statusCounts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const order of this.all.values()) {
      const key = order.uncertain ? 'uncertain' : order.status;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return counts;
  }

  /** A random order whose status is one of `statuses`, or none after a few tries. */
  sample(random: () => number, statuses: readonly string[]): TrackedOrder | undefined {
    for (let attempt = 0; attempt < 5 && this.#list.length > 0; attempt++) {
      const order = this.#list[Math.floor(random() * this.#list.length)]!;
      if (!order.uncertain && statuses.includes(order.status)) return order;
    }
    return undefined;
  }

  #queue(order: TrackedOrder) {
    const actor = nextActor[order.status];
    if (actor) this.#ready[actor].push(order);
  }
}
