import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { runAnalyticsBench } from './analytics.ts';
import { runBacktestBench } from './backtest.ts';
import { runCartBench } from './cart.ts';
import { runCommitBench } from './commit.ts';
import { runConsolePagesBench } from './console-pages.ts';
import { runCouponBench } from './coupons.ts';
import { runCustomerSearchBench } from './customer-search.ts';
import { runEngineBench } from './engine.ts';
import { runHistoryImportBench } from './history-import.ts';
import { runHttpCalculateBench } from './http-calculate.ts';
import { runLedgerBench } from './ledger.ts';
import { runMemoryBench } from './memory.ts';
import { runPricesBench } from './prices.ts';
import { runScaleBench } from './scale.ts';
import { runSegmentRecomputeBench } from './segment-recompute.ts';
import { runSimulatorBench } from './simulator.ts';
import { runStartupBench } from './startup.ts';
import { runStatementBench } from './statements.ts';

/**
 * Runs every benchmark and records the results, with the machine they ran on, in bench/RESULTS.md.
 * Each benchmark reports ratios to a baseline measured in the same run, so numbers from different
 * machines can be compared by their ratios.
 */
const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const sections = [
  await runStartupBench(),
  await runEngineBench(),
  await runCartBench(),
  await runPricesBench(),
  await runHttpCalculateBench(),
  await runMemoryBench(),
  await runLedgerBench(),
  await runStatementBench(),
  await runCommitBench(),
  await runCouponBench(),
  await runHistoryImportBench(),
  await runCustomerSearchBench(),
  await runConsolePagesBench(),
  await runSegmentRecomputeBench(),
  await runBacktestBench(),
  await runSimulatorBench(),
  await runAnalyticsBench(),
  await runScaleBench(),
];
const report = [
  `# Benchmark results`,
  '',
  `Measured ${new Date().toISOString().slice(0, 10)} on ${machine}.`,
  '',
  ...sections,
].join('\n');
writeFileSync(new URL('./RESULTS.md', import.meta.url), `${report}\n`);
console.log(report);
