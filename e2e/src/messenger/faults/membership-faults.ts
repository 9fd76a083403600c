/**
 * Test-only faults of the membership API, to drive the gateway's circuit breaker through its
 * states: `fail` answers 5xx at once, `hang` holds each call until the caller gives up or the
 * fault is cleared (then answers normally, as a slow service that recovered would).
 */
export type MembershipFault =
  { readonly mode: 'none' } | { readonly mode: 'fail'; readonly status: number } | { readonly mode: 'hang' };

interface Gate {
  readonly promise: Promise<undefined>;
  readonly release: () => void;
}

export const NO_FAULT: MembershipFault = { mode: 'none' };

export class MembershipFaults {
  private fault: MembershipFault = NO_FAULT;
  private released: Gate = MembershipFaults.gate();

  private static gate(): Gate {
    const { promise, resolve } = Promise.withResolvers<undefined>();
    return {
      promise,
      release: () => {
        resolve(undefined);
      },
    };
  }

  get current(): MembershipFault {
    return this.fault;
  }

  set(fault: MembershipFault): void {
    const wasHanging = this.fault.mode === 'hang';
    this.fault = fault;
    if (wasHanging && fault.mode !== 'hang') {
      this.released.release();
      this.released = MembershipFaults.gate();
    }
  }

  /** Resolves when the hang is lifted or `signal` aborts (the caller went away). */
  waitWhileHanging(signal: AbortSignal): Promise<void> {
    if (this.fault.mode !== 'hang' || signal.aborted) return Promise.resolve();
    const aborted = new Promise<void>((resolve) => {
      signal.addEventListener(
        'abort',
        () => {
          resolve();
        },
        { once: true },
      );
    });
    return Promise.race([this.released.promise.then(() => undefined), aborted]);
  }
}
