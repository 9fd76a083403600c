/**
 * Frames each socket may have outstanding (sent or queued, not yet received) at saturation, in
 * both runs. Enough to keep the pipeline full: the producer learns what the clients received only
 * every poll (~50 ms) and a record takes tens of ms from produce to receive, so the backlog must
 * cover a few hundred ms at the highest rate this machine reaches (~200k deliveries/s: 100k
 * outstanding in total is plenty). Few enough that "as fast as possible" measures delivery rather
 * than how far buffers can grow, and that the backlog drains in a second or two between runs.
 *
 * The gateway run bounds it at the producer (messages ahead of the clients); the baseline at
 * each write (frames queued in ws beyond the kernel's buffers), the looser of the two, in the
 * baseline's favour.
 */
export function outstandingFramesPerSocket(sockets: number): number {
  return Math.max(20, Math.ceil(100_000 / sockets));
}

/**
 * Frames the baseline writes to each socket of a room in a row. 1 is the gateway's own write
 * pattern: each message goes to every subscriber of its room before the next message, so
 * consecutive writes to one socket are interleaved with writes to the others; it is the baseline
 * the target ratio is taken against. 32 in a row is what coalescing per socket gives (fewer
 * wake-ups of the reader, TCP autocorking of small writes): what the gateway could reach by
 * fanning a Kafka batch out room by room instead of message by message.
 */
export const SAME_PATTERN_BURST = 1;
export const COALESCED_BURST = 32;
