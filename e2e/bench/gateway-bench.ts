import { parseBenchOptions, usage, type BenchOptions } from './bench-options.js';
import { runBench } from './bench-run.js';
import { installInterruptHandlers, interruptedBy } from './interrupt.js';
import { progress } from './progress.js';
import { renderReport } from './report.js';
import { resultEntries, writeResults } from './results-json.js';

// `make bench`: the gateway against a real broker, and a bare ws server as the ceiling, on the
// same machine with the same clients; prints the figures side by side and writes results.json.
// Exits 0 with MISS lines (targets are informational); non-zero only when the run itself failed.

async function main(options: BenchOptions): Promise<void> {
  const { gateway, baseline } = await runBench(options);
  console.log(renderReport(options, gateway, baseline));
  await writeResults(options.results, resultEntries(options, gateway, baseline));
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
