import { WebSocket, type RawData } from 'ws';

/** process.memoryUsage() of the probed process, after a full garbage collection. */
export interface LiveMemory {
  readonly rss: number;
  readonly heapUsed: number;
  readonly external: number;
  readonly arrayBuffers: number;
}

/**
 * Talks to a process started with `--inspect=127.0.0.1:<port>` over the DevTools protocol, to
 * force a full GC and read its memory. Resident memory right after a connect storm still holds
 * the storm's garbage (V8 collects when it needs to, not when the process goes idle), so the
 * memory a connection really keeps is only visible after a collection. Attached only for that
 * moment: nothing of the inspector stays active while throughput is measured.
 */
export async function liveMemory(inspectPort: number): Promise<LiveMemory> {
  const targets = (await (await fetch(`http://127.0.0.1:${inspectPort}/json/list`)).json()) as {
    webSocketDebuggerUrl?: string;
  }[];
  const url = targets[0]?.webSocketDebuggerUrl;
  if (url === undefined) throw new Error(`no inspector target on 127.0.0.1:${inspectPort}`);
  const ws = new WebSocket(url, { perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  try {
    let nextId = 1;
    const replies = new Map<number, (result: unknown) => void>();
    ws.on('message', (raw: RawData) => {
      const message = JSON.parse((raw as Buffer).toString('utf8')) as { id?: number; result?: unknown };
      if (message.id !== undefined) replies.get(message.id)?.(message.result);
    });
    const call = (method: string, params: Record<string, unknown> = {}): Promise<unknown> =>
      new Promise((resolve) => {
        const id = nextId++;
        replies.set(id, resolve);
        ws.send(JSON.stringify({ id, method, params }));
      });
    // Twice: objects with finalizers or weak references can need a second pass.
    await call('HeapProfiler.collectGarbage');
    await call('HeapProfiler.collectGarbage');
    const evaluated = (await call('Runtime.evaluate', {
      expression: 'JSON.stringify(process.memoryUsage())',
      returnByValue: true,
    })) as { result?: { value?: string } };
    return JSON.parse(evaluated.result?.value ?? '{}') as LiveMemory;
  } finally {
    ws.close();
  }
}
