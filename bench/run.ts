// `npm run bench -- <name> [...]`: runs the named benchmarks; each reports figures next to a
// baseline measured in the same run, as ratios. No benchmark asserts a time.
import { runCheckoutBench } from './checkout';
import { runPartnerSyncBench } from './partner-sync';
import { runReportsBench } from './reports';
import { runSearchBench } from './search';
import { runSoakBench } from './soak';

const benchmarks: Record<string, (args: string[]) => Promise<void>> = {
  'partner-sync': runPartnerSyncBench,
  search: runSearchBench,
  checkout: runCheckoutBench,
  reports: runReportsBench,
  soak: runSoakBench,
};

const [name, ...args] = process.argv.slice(2);
// The soak runs for minutes and is a check rather than a measurement: only when named.
const selected = name ? [name] : Object.keys(benchmarks).filter((bench) => bench !== 'soak');
for (const bench of selected) {
  const run = benchmarks[bench];
  if (!run) {
    console.error(`unknown benchmark ${bench}; known: ${Object.keys(benchmarks).join(', ')}`);
    process.exit(1);
  }
  await run(args);
}
// A bench that found a failure (the soak: errors, broken invariants) sets process.exitCode.
process.exit(process.exitCode ?? 0);
