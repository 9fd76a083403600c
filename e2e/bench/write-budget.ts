/**
 * What a delivery rate asks of the machine's write path. Each socket gets
 * `deliveriesPerSecond / sockets` frames a second; a frame can share a system call only with
 * frames to the same socket, so below one frame per socket per batch window every delivery is a
 * write of its own. `overUnmergedCapacity` compares the rate with what a bare `ws` server reached
 * here writing one frame per call (the baseline at saturation): above 1, no server on this
 * machine delivers the rate without holding frames back to share writes, and the wait for a
 * socket's next frame (`msBetweenFramesOfASocket`) is then part of the latency.
 */
export interface WriteBudget {
  readonly framesPerSocketPerSecond: number;
  readonly msBetweenFramesOfASocket: number;
  readonly overUnmergedCapacity: number;
}

export function writeBudget(
  deliveriesPerSecond: number,
  sockets: number,
  unmergedDeliveriesPerSecond: number,
): WriteBudget {
  if (!(sockets > 0) || !(deliveriesPerSecond > 0) || !(unmergedDeliveriesPerSecond > 0)) {
    throw new RangeError(
      `writeBudget needs positive rates and sockets, got ${deliveriesPerSecond}, ${sockets}, ${unmergedDeliveriesPerSecond}`,
    );
  }
  const framesPerSocketPerSecond = deliveriesPerSecond / sockets;
  return {
    framesPerSocketPerSecond,
    msBetweenFramesOfASocket: 1000 / framesPerSocketPerSecond,
    overUnmergedCapacity: deliveriesPerSecond / unmergedDeliveriesPerSecond,
  };
}
