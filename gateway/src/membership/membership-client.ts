import type { MembershipChecker } from './membership-checker.js';
import { MembershipFailure } from './membership-failure.js';
import { MembershipRequestError } from './membership-request-error.js';
import { MembershipUnavailableError } from './membership-unavailable-error.js';
import { parseMembershipResponse } from './parse-membership-response.js';
import type { ServiceTokenSource } from './service-token-source.js';

/** The batch endpoint of the messenger (openapi/membership.yaml). */
export const MEMBERSHIP_CHECK_PATH = '/internal/v1/memberships:check';
/** Rooms one request may name, as the contract allows. */
export const MAX_ROOMS_PER_CHECK = 100;
/** An answer for 100 rooms is a few KiB; anything far larger is not an answer. */
const MAX_RESPONSE_BYTES = 1024 * 1024;

export interface MembershipClientOptions {
  /** Base URL of the messenger's internal API, e.g. `http://messenger.chat.svc:8080`. */
  readonly baseUrl: string;
  /** Time allowed for one request, body included. */
  readonly timeoutMs: number;
  /** The gateway's own bearer token; none: the request carries no Authorization header. */
  readonly serviceToken?: ServiceTokenSource;
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

/**
 * Asks the messenger which rooms a user belongs to, in one batched request. The I/O edge of room
 * authorization: every way the call can go wrong becomes a typed error (see MembershipFailure),
 * and a "not a member" is a `false` in the results, never an error.
 */
export class MembershipClient implements MembershipChecker {
  private readonly url: string;

  constructor(private readonly options: MembershipClientOptions) {
    let base: URL;
    try {
      base = new URL(options.baseUrl);
    } catch {
      throw new TypeError(`baseUrl must be an absolute http(s) URL, got ${JSON.stringify(options.baseUrl)}`);
    }
    if (base.protocol !== 'http:' && base.protocol !== 'https:') {
      throw new TypeError(`baseUrl must be an absolute http(s) URL, got ${JSON.stringify(options.baseUrl)}`);
    }
    if (!Number.isInteger(options.timeoutMs) || options.timeoutMs <= 0) {
      throw new RangeError(`timeoutMs must be a positive integer, got ${options.timeoutMs}`);
    }
    // Appended, not resolved: a base URL with a path prefix (behind a proxy) keeps it.
    this.url = base.href.replace(/\/+$/, '') + MEMBERSHIP_CHECK_PATH;
  }

  async check(userId: string, roomIds: readonly string[]): Promise<ReadonlyMap<string, boolean>> {
    if (roomIds.length === 0) return new Map();
    if (roomIds.length > MAX_ROOMS_PER_CHECK) {
      throw new RangeError(`at most ${MAX_ROOMS_PER_CHECK} rooms per check, got ${roomIds.length}`);
    }
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/json',
    };
    const serviceToken = this.options.serviceToken;
    if (serviceToken !== undefined) headers['authorization'] = `Bearer ${await serviceToken.token()}`;
    const timeoutMs = this.options.timeoutMs;
    let body: string;
    let status: number;
    try {
      const res = await fetch(this.url, {
        method: 'POST',
        headers,
        body: JSON.stringify({ userId, roomIds }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = res.status;
      if (status !== 200) {
        // Free the connection for the next request; the body of an error is not needed.
        await res.body?.cancel().catch(() => undefined);
        throw this.statusError(status);
      }
      const length = Number(res.headers.get('content-length') ?? '0');
      if (length > MAX_RESPONSE_BYTES) {
        await res.body?.cancel().catch(() => undefined);
        throw new MembershipUnavailableError(
          MembershipFailure.MalformedResponse,
          `membership service answered ${length} bytes, more than ${MAX_RESPONSE_BYTES}`,
          { status },
        );
      }
      body = await res.text();
    } catch (error) {
      if (error instanceof MembershipUnavailableError || error instanceof MembershipRequestError) throw error;
      if (isTimeout(error)) {
        throw new MembershipUnavailableError(
          MembershipFailure.Timeout,
          `membership service did not answer within ${timeoutMs} ms`,
          { cause: error },
        );
      }
      throw new MembershipUnavailableError(MembershipFailure.Unreachable, 'membership service unreachable', {
        cause: error,
      });
    }
    if (body.length > MAX_RESPONSE_BYTES) {
      throw new MembershipUnavailableError(
        MembershipFailure.MalformedResponse,
        `membership service answered more than ${MAX_RESPONSE_BYTES} bytes`,
        { status },
      );
    }
    return parseMembershipResponse(body, roomIds);
  }

  private statusError(status: number): Error {
    if (status === 400) {
      return new MembershipRequestError(
        status,
        'membership service refused the request (400): the gateway and the service disagree on the contract',
      );
    }
    if (status === 401 || status === 403) {
      this.options.serviceToken?.refresh();
      return new MembershipUnavailableError(
        MembershipFailure.CredentialsRejected,
        `membership service refused the gateway's credentials (${status})`,
        { status },
      );
    }
    if (status >= 500) {
      return new MembershipUnavailableError(
        MembershipFailure.ServerError,
        `membership service failed (${status})`,
        {
          status,
        },
      );
    }
    return new MembershipUnavailableError(
      MembershipFailure.UnexpectedStatus,
      `membership service answered ${status}, which the contract does not define`,
      { status },
    );
  }
}
