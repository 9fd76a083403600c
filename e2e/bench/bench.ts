import { parseBenchOptions, usage, type BenchOptions } from './bench-options.js';
import { runBench } from './bench-run.js';
import { CleanupStack } from './cleanup-stack.js';
import { runHandshakeBench } from './handshake-bench.js';
import { handshakeResultEntries, renderHandshakeReport } from './handshake-report.js';
import { installInterruptHandlers, interruptedBy } from './interrupt.js';
import { runOperatorBench } from './operator-bench.js';
import { operatorResultEntries, renderOperatorReport } from './operator-report.js';
import { progress } from './progress.js';
import { renderReport } from './report.js';
import { resultEntries, writeResults } from './results-json.js';

// `make bench`: every benchmark suite in turn (`--suites` picks), each printing its figures side
// by side with its baseline and merging them into results.json. Exits 0 with MISS lines (targets
// are informational); non-zero only when a run itself failed.

async function gatewaySuite(options: BenchOptions): Promise<void> {
  const { gateway, baseline } = await runBench(options);
  console.log(renderReport(options, gateway, baseline));
  await writeResults(options.results, resultEntries(options, gateway, baseline));
}

async function handshakeSuite(options: BenchOptions): Promise<void> {
  const cleanup = new CleanupStack();
  try {
    const figures = await runHandshakeBench(options, cleanup);
    console.log(renderHandshakeReport(figures));
    await writeResults(options.results, handshakeResultEntries(figures));
  } finally {
    await cleanup.run();
  }
}

async function operatorSuite(options: BenchOptions): Promise<void> {
  const cleanup = new CleanupStack();
  try {
    const figures = await runOperatorBench(options, cleanup);
    console.log(renderOperatorReport(figures));
    await writeResults(options.results, operatorResultEntries(figures));
  } finally {
    await cleanup.run();
  }
}

const SUITES = { gateway: gatewaySuite, handshake: handshakeSuite, operator: operatorSuite } as const;

async function main(options: BenchOptions): Promise<void> {
  for (const suite of options.suites) {
    progress(`suite ${suite}`);
    await SUITES[suite](options);
  }
  progress(`figures written to ${options.results}`);
}

const argv = process.argv.slice(2);
if (argv.includes('--help') || argv.includes('-h')) {
  process.stdout.write(usage());
} else {
  let options: BenchOptions;
  try {
    options = parseBenchOptions(argv);
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(2);
  }
  installInterruptHandlers();
  main(options).catch((err: unknown) => {
    // After Ctrl-C the children are killed on purpose; the error that follows is no news.
    const signal = interruptedBy();
    if (signal !== undefined)
      console.error(`bench interrupted by ${signal}; every process it started is stopped`);
    else console.error('bench failed:', err);
    process.exitCode ??= 1;
  });
}
