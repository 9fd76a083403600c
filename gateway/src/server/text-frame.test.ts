import { EventEmitter } from 'node:events';
import * as ws from 'ws';
import { describe, expect, it } from 'vitest';
import { SharedTextFrame, textFrame } from './text-frame.js';

/** ws's frame parser (exported at runtime, absent from its type declarations). */
interface FrameReceiver extends EventEmitter {
  write(chunk: Buffer): void;
}
const { Receiver } = ws as unknown as {
  Receiver: new (options: { isServer: boolean; maxPayload: number }) => FrameReceiver;
};

/** Parses frames with ws's own client-side receiver: what a browser would accept. */
function parse(wire: Buffer): { text: string; isBinary: boolean }[] {
  const receiver = new Receiver({ isServer: false, maxPayload: 1 << 20 });
  const messages: { text: string; isBinary: boolean }[] = [];
  receiver.on('message', (data: Buffer, isBinary: boolean) => {
    messages.push({ text: data.toString('utf8'), isBinary });
  });
  receiver.on('error', (error: Error) => {
    throw error;
  });
  receiver.write(wire);
  return messages;
}

describe('textFrame', () => {
  it.each([0, 1, 125, 126, 65_535, 65_536, 200_000])(
    'frames a %i-byte payload as one text message',
    (bytes) => {
      const payload = Buffer.from('é'.repeat(Math.floor(bytes / 2)) + 'x'.repeat(bytes % 2), 'utf8');
      expect(payload.byteLength).toBe(bytes);
      const messages = parse(Buffer.concat([textFrame(payload), textFrame(Buffer.from('next'))]));
      expect(messages).toEqual([
        { text: payload.toString('utf8'), isBinary: false },
        { text: 'next', isBinary: false },
      ]);
    },
  );
});

describe('SharedTextFrame', () => {
  it('frames a payload once while the same Buffer comes again, and anew for another', () => {
    const frames = new SharedTextFrame();
    const a = Buffer.from('{"type":"message"}');
    const first = frames.of(a);
    expect(frames.of(a)).toBe(first);
    const b = Buffer.from('{"type":"message"}');
    const other = frames.of(b);
    expect(other).not.toBe(first);
    expect(other.equals(first)).toBe(true);
  });
});
