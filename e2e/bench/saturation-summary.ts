import type { SaturationFigures } from './figures.js';
import type { RunWindow } from './measure-run.js';

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/**
 * One figure from several rounds of the same measurement: the best round. Whatever else runs on
 * the machine can only take CPU away, never give it, so the fastest round is the closest to what
 * the code can do; the median and every round are kept to show how much the others varied.
 */
export function summarizeRounds(windows: readonly RunWindow[]): SaturationFigures {
  const best = windows.reduce<RunWindow | undefined>(
    (top, w) => (top === undefined || w.deliveriesPerSecond > top.deliveriesPerSecond ? w : top),
    undefined,
  );
  const rates = windows.map((w) => w.deliveriesPerSecond);
  return {
    deliveriesPerSecond: best?.deliveriesPerSecond ?? 0,
    median: median(rates),
    rounds: rates.map(Math.round),
    othersPercent: windows.map((w) => w.cpuPercent['others'] ?? 0),
    frameBytes: best?.frameBytes ?? 0,
    cpuPercent: best?.cpuPercent ?? {},
  };
}
