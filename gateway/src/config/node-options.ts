/**
 * The Node.js options a gateway pod runs with (`NODE_OPTIONS`, set by the operator on the gateway
 * container; the benchmark starts its gateway with the same).
 *
 * `--max-semi-space-size=4` (MiB; V8's default on 64-bit is 16): a connect storm leaves most of
 * its short-lived objects in a young generation that V8 then keeps at full size, about 30 MiB
 * more per process, and promotes the rest into an old generation it does not collect until it
 * has grown. With 4 MiB semi-spaces idle RSS per connection measured 11 KiB instead of 29 KiB
 * after 5000 connections, with deliveries per gateway CPU-second unchanged within the noise
 * of the same run (e2e/bench/RESULTS.md).
 *
 * `--disable-warning=TimeoutNegativeWarning`: kafkajs 2.2.4 arms its request-queue timer with a
 * negative delay when nothing is throttled (`throttledUntil` starts at -1), which Node 24 turns
 * into 1 ms and reports at start. The delay Node uses is what kafkajs means, so the warning is
 * noise in every pod's log; no code of ours sets a negative timeout.
 */
export const GATEWAY_NODE_OPTIONS = '--max-semi-space-size=4 --disable-warning=TimeoutNegativeWarning';
