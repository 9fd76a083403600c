import type { IncomingMessage } from 'node:http';
import { ApiError, ApiErrorCode } from './api-error.js';

/**
 * Reads a JSON request body of at most `maxBytes`. Only `application/json` (any charset
 * parameter, or `+json` types) is accepted; the size is enforced while reading, not after.
 */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type !== 'application/json' && !/^application\/[a-z0-9.+-]+\+json$/.test(type)) {
    throw new ApiError(ApiErrorCode.UnsupportedMediaType, 'send the body as Content-Type: application/json');
  }
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw tooLarge(maxBytes);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new ApiError(ApiErrorCode.BadJson, `body is not JSON: ${(err as Error).message}`);
  }
}

function tooLarge(maxBytes: number): ApiError {
  return new ApiError(ApiErrorCode.BodyTooLarge, `body is larger than ${maxBytes} bytes`, {
    connection: 'close',
  });
}
