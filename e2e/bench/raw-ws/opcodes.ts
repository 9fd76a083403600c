/** RFC 6455 section 5.2 opcodes, and the few header bits this client reads. */
export const Opcode = {
  continuation: 0x0,
  text: 0x1,
  binary: 0x2,
  close: 0x8,
  ping: 0x9,
  pong: 0xa,
} as const;

export type OpcodeValue = (typeof Opcode)[keyof typeof Opcode];

export const FIN_BIT = 0x80;
export const RSV_BITS = 0x70;
export const OPCODE_BITS = 0x0f;
export const MASK_BIT = 0x80;
export const LENGTH_BITS = 0x7f;
/** A 7-bit length of 126 announces a 16-bit length, 127 a 64-bit one. */
export const LENGTH_16 = 126;
export const LENGTH_64 = 127;
/** Control frames (close, ping, pong) carry at most this much and are never fragmented. */
export const MAX_CONTROL_PAYLOAD = 125;

/** Close codes with a meaning of their own in RFC 6455 section 7.4.1. */
export const CloseCode = {
  normal: 1000,
  protocolError: 1002,
  /** Reported when a close frame carried no code; never sent. */
  noStatus: 1005,
  /** Reported when the connection ended without a close frame; never sent. */
  abnormal: 1006,
} as const;
