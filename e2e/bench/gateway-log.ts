import { INSPECTOR_BANNER } from './inspector-banner.js';

/** What the gateway logged that deserves a look: warn and error lines by message, and non-JSON lines. */
export interface LogSummary {
  readonly warn: number;
  readonly error: number;
  /** `level: msg` -> count, for warn and error lines. */
  readonly messages: Readonly<Record<string, number>>;
  /** Lines that are not the logger's JSON (Node warnings, crashes), first few. */
  readonly other: readonly string[];
}

const KEEP_OTHER = 5;

/** Summarises the JSON log lines a GatewayProcess collected. */
export function summarizeLog(text: string): LogSummary {
  const counts = { warn: 0, error: 0 };
  const messages: Record<string, number> = {};
  const other: string[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let record: { level?: unknown; msg?: unknown };
    try {
      record = JSON.parse(line) as { level?: unknown; msg?: unknown };
    } catch {
      if (INSPECTOR_BANNER.test(line)) continue;
      if (other.length < KEEP_OTHER) other.push(line.slice(0, 200));
      continue;
    }
    if (record.level !== 'warn' && record.level !== 'error') continue;
    counts[record.level]++;
    const key = `${record.level}: ${String(record.msg)}`;
    messages[key] = (messages[key] ?? 0) + 1;
  }
  return { ...counts, messages, other };
}
