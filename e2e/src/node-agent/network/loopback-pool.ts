import { mkdirSync, openSync, closeSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { NodeAgentError, NodeAgentErrorCode } from '../errors.js';

/**
 * Hands out 127.0.x.y addresses (the whole 127/8 is loopback on Linux, so each can be bound with
 * no setup). A reservation is a file named after the address holding the owner's pid, created
 * exclusively, so node agents and Service proxies in different processes (a test run beside a
 * `make up` stack) never get the same address; a reservation whose owner died is taken over.
 * Addresses are handed out round-robin, so a freed one is not reused at once.
 */
export class LoopbackPool {
  private readonly held = new Set<string>();
  private cursor: number;

  constructor(
    private readonly dir: string,
    /** Third and fourth octets range: 127.0.<x>.<y>, x in [firstBlock, lastBlock], y in 1..254. */
    private readonly firstBlock = 1,
    private readonly lastBlock = 254,
  ) {
    mkdirSync(dir, { recursive: true });
    this.cursor = Math.floor(Math.random() * this.size());
  }

  acquire(): string {
    const size = this.size();
    for (let i = 0; i < size; i++) {
      const index = (this.cursor + i) % size;
      const address = this.addressAt(index);
      if (this.tryReserve(address)) {
        this.cursor = index + 1;
        this.held.add(address);
        return address;
      }
    }
    throw new NodeAgentError(
      NodeAgentErrorCode.AddressesExhausted,
      `no free loopback address in ${this.dir}`,
      true,
    );
  }

  release(address: string): void {
    if (!this.held.delete(address)) return;
    rmSync(path.join(this.dir, address), { force: true });
  }

  releaseAll(): void {
    for (const address of [...this.held]) this.release(address);
  }

  private size(): number {
    return (this.lastBlock - this.firstBlock + 1) * 254;
  }

  private addressAt(index: number): string {
    return `127.0.${String(this.firstBlock + Math.floor(index / 254))}.${String((index % 254) + 1)}`;
  }

  private tryReserve(address: string): boolean {
    const file = path.join(this.dir, address);
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(file, 'wx');
        writeSync(fd, String(process.pid));
        closeSync(fd);
        return true;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        if (!ownerGone(file)) return false;
        rmSync(file, { force: true });
      }
    }
    return false;
  }
}

function ownerGone(file: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(file, 'utf8'));
  } catch {
    return false; // being written right now
  }
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
