/** A Kafka call that did not settle within its deadline; classified as Unreachable. */
export class KafkaCallTimeout extends Error {
  constructor(
    readonly operation: string,
    readonly timeoutMs: number,
  ) {
    super(`${operation}: no answer from Kafka within ${timeoutMs} ms`);
    this.name = 'KafkaCallTimeout';
  }
}

/**
 * Settles with `call`, or rejects with KafkaCallTimeout after `timeoutMs`. kafkajs nests retry
 * loops (admin, cluster, broker pool), so its own timeouts multiply; this is the one bound the
 * caller can rely on. A call that loses the race keeps running in kafkajs until the client is
 * disconnected; its late result or error is dropped here.
 */
export function withDeadline<T>(operation: string, timeoutMs: number, call: () => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new KafkaCallTimeout(operation, timeoutMs));
    }, timeoutMs);
    let pending: Promise<T>;
    try {
      pending = call();
    } catch (error) {
      pending = Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    pending.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
