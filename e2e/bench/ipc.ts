import { fork, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { INSPECTOR_BANNER } from './inspector-banner.js';
import { track } from './interrupt.js';

/**
 * Request/reply over Node's IPC channel between the benchmark and the processes it forks (load
 * generator, baseline server). An API is a map from request kind to its request and reply types,
 * so both ends are checked against the same declaration.
 */
export type Api = Record<string, { request: unknown; reply: unknown }>;

interface Envelope {
  readonly id: number;
  readonly kind: string;
  readonly request: unknown;
}

type Answer =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly id: number; readonly ok: false; readonly error: string };

export type Handlers<A extends Api> = {
  readonly [K in keyof A]: (request: A[K]['request']) => Promise<A[K]['reply']> | A[K]['reply'];
};

/** Parent side: a forked child that answers typed requests. */
export class ChildChannel<A extends Api> {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly exited: Promise<void>;
  private exitCode: number | null | undefined;

  private constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    child.on('message', (message: unknown) => {
      const answer = message as Answer;
      const waiter = this.pending.get(answer.id);
      if (waiter === undefined) return;
      this.pending.delete(answer.id);
      if (answer.ok) waiter.resolve(answer.value);
      else waiter.reject(new Error(`${name}: ${answer.error}`));
    });
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exitCode = code;
        // A child that dies mid-request must fail the run, not hang it.
        for (const waiter of this.pending.values()) {
          waiter.reject(new Error(`${name} exited (code ${String(code)}, signal ${String(signal)})`));
        }
        this.pending.clear();
        resolve();
      });
    });
  }

  /** Forks `script` with its output on ours, so its progress lines show up in the run. */
  static fork<A extends Api>(
    name: string,
    script: URL,
    execArgv: readonly string[] = [],
    env: Readonly<Record<string, string>> = {},
  ): ChildChannel<A> {
    const child = fork(script, [], {
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
      execArgv: [...execArgv],
      env: { ...process.env, ...env },
    });
    track(child);
    createInterface({ input: child.stderr ?? Readable.from([]) }).on('line', (line) => {
      if (!INSPECTOR_BANNER.test(line)) console.error(line);
    });
    return new ChildChannel<A>(name, child);
  }

  get pid(): number {
    const pid = this.child.pid;
    if (pid === undefined) throw new Error(`${this.name} has no pid (spawn failed)`);
    return pid;
  }

  call<K extends keyof A & string>(kind: K, request: A[K]['request']): Promise<A[K]['reply']> {
    if (this.exitCode !== undefined) return Promise.reject(new Error(`${this.name} is not running`));
    const id = this.nextId++;
    return new Promise<A[K]['reply']>((resolve, reject) => {
      this.pending.set(id, {
        resolve: (v) => {
          resolve(v);
        },
        reject,
      });
      const envelope: Envelope = { id, kind, request };
      this.child.send(envelope);
    });
  }

  /** SIGTERM, then SIGKILL if the child has not gone within `graceMs`. */
  async stop(graceMs = 3000): Promise<void> {
    if (this.exitCode !== undefined) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}

/** Child side: answers requests with `handlers`, and exits when the parent goes away. */
export function serveRequests<A extends Api>(handlers: Handlers<A>): void {
  const send = process.send?.bind(process);
  if (send === undefined) throw new Error('this script is forked by the benchmark, not run by hand');
  process.on('message', (message: unknown) => {
    const { id, kind, request } = message as Envelope;
    const handler = handlers[kind] as ((r: unknown) => unknown) | undefined;
    const reply = (answer: Answer): void => {
      send(answer);
    };
    if (handler === undefined) {
      reply({ id, ok: false, error: `unknown request ${kind}` });
      return;
    }
    Promise.resolve()
      .then(() => handler(request))
      .then(
        (value) => {
          reply({ id, ok: true, value });
        },
        (err: unknown) => {
          reply({ id, ok: false, error: err instanceof Error ? err.message : String(err) });
        },
      );
  });
  // No orphans: when the benchmark dies (even by SIGKILL) the IPC channel closes.
  process.on('disconnect', () => process.exit(0));
}
