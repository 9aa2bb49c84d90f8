/**
 * Per-route counts and latencies of the soak's load generator, summarised per report interval
 * and for the whole run, and the tables the bench prints from those summaries.
 */

/** How an answer counts: as planned (2xx or a refusal the mix expects), an unexpected 4xx, or an error (≥ 500, no answer). */
export type Outcome = 'ok' | 'refused' | 'unexpected' | 'error';

export interface RouteSummary {
  route: string;
  count: number;
  /** Answers the mix expects to be refused (e.g. 422 ORDER.OUT_OF_STOCK at checkout). */
  refused: number;
  unexpected4xx: number;
  /** Status ≥ 500, or no answer at all (connection reset, timeout). */
  errors: number;
  p50: number;
  p99: number;
  max: number;
  /** The first few unexpected or error answers: status and body. */
  samples: string[];
}

const SAMPLES_PER_ROUTE = 3;

class RouteCounter {
  count = 0;
  refused = 0;
  unexpected4xx = 0;
  errors = 0;
  latencies: number[] = [];
  samples: string[] = [];

  add(ms: number, outcome: Outcome, sample: string | undefined) {
    this.count++;
    this.latencies.push(ms);
    if (outcome === 'refused') this.refused++;
    if (outcome === 'unexpected') this.unexpected4xx++;
    if (outcome === 'error') this.errors++;
    if (sample && this.samples.length < SAMPLES_PER_ROUTE) this.samples.push(sample);
  }

  summary(route: string): RouteSummary {
    const sorted = Float64Array.from(this.latencies).sort();
    return {
      route,
      count: this.count,
      refused: this.refused,
      unexpected4xx: this.unexpected4xx,
      errors: this.errors,
      p50: percentile(sorted, 0.5),
      p99: percentile(sorted, 0.99),
      max: sorted.length > 0 ? sorted[sorted.length - 1]! : 0,
      samples: this.samples,
    };
  }
}

/** The counters of one interval and of the whole run. */
export class SoakStats {
  #interval = new Map<string, RouteCounter>();
  #total = new Map<string, RouteCounter>();

  record(route: string, ms: number, outcome: Outcome, sample?: string) {
    for (const map of [this.#interval, this.#total]) {
      let counter = map.get(route);
      if (!counter) {
        counter = new RouteCounter();
        map.set(route, counter);
      }
      counter.add(ms, outcome, sample);
    }
  }

  /** The interval's summaries; the next interval starts empty. */
  takeInterval(): RouteSummary[] {
    const result = summarise(this.#interval);
    this.#interval = new Map();
    return result;
  }

  totals(): RouteSummary[] {
    return summarise(this.#total);
  }
}

function summarise(map: Map<string, RouteCounter>): RouteSummary[] {
  return [...map.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([route, counter]) => counter.summary(route));
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));

/** One line per route and a total line: requests, refusals, unexpected 4xx, errors, p50/p99/max. */
export function formatRouteTable(rows: RouteSummary[], seconds: number): string {
  const width = Math.max(28, ...rows.map((row) => row.route.length));
  const header = `  ${'route'.padEnd(width)} ${'requests'.padStart(8)} ${'refused'.padStart(7)} ${'4xx!'.padStart(5)} ${'errors'.padStart(6)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'max ms'.padStart(7)}`;
  const lines = rows.map(
    (row) =>
      `  ${row.route.padEnd(width)} ${String(row.count).padStart(8)} ${String(row.refused).padStart(7)} ${String(row.unexpected4xx).padStart(5)} ${String(row.errors).padStart(6)} ${ms(row.p50).padStart(7)} ${ms(row.p99).padStart(7)} ${ms(row.max).padStart(7)}`,
  );
  const sum = (key: 'count' | 'refused' | 'unexpected4xx' | 'errors') =>
    rows.reduce((total, row) => total + row[key], 0);
  lines.push(
    `  ${'all routes'.padEnd(width)} ${String(sum('count')).padStart(8)} ${String(sum('refused')).padStart(7)} ${String(sum('unexpected4xx')).padStart(5)} ${String(sum('errors')).padStart(6)}   ${(sum('count') / Math.max(seconds, 0.001)).toFixed(1)} req/s`,
  );
  const samples = rows.flatMap((row) => row.samples.map((sample) => `    ${row.route}: ${sample}`));
  if (samples.length > 0) lines.push('  first unexpected answers:', ...samples);
  return [header, ...lines].join('\n');
}
