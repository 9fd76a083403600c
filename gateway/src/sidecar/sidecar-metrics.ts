import type { Attributes, Meter } from '@opentelemetry/api';
import { AuthFailure } from '../auth/identity.js';
import type { Decision } from './decision.js';
import type { JwksFetchResult } from './remote-jwks-source.js';

/** What the metrics page reads at scrape time. */
export interface SidecarGauges {
  /** Per configured issuer: whether its keys are usable. */
  issuersReady(): ReadonlyMap<string, boolean>;
  rateLimitClients(): number;
}

const SEPARATOR = '\u0000';

type Samples = readonly (readonly [Attributes, number])[];

/**
 * The sidecar's counters, exposed through OpenTelemetry instruments. Label values come from closed
 * sets (results, reasons, details) or from configuration (issuer names), never from requests, so
 * no client can grow the number of series.
 */
export class SidecarMetrics {
  private readonly decisions = new Map<string, number>();
  /**
   * Refused decisions by reason alone: the series alerts and the dashboard read. Every reason
   * starts at 0, so a rate over it exists before the first failure.
   */
  private readonly failures = new Map<string, number>(
    Object.values(AuthFailure).map((reason) => [reason, 0]),
  );
  private readonly jwksFetches = new Map<string, number>();
  /** API calls refused for a missing or wrong client token. */
  private unauthorizedCalls = 0;

  recordUnauthorized(): void {
    this.unauthorizedCalls++;
  }

  recordDecision(decision: Decision): void {
    // Accepted decisions carry `none` so every series has the same labels.
    const key = decision.ok
      ? ['accepted', 'none', 'none'].join(SEPARATOR)
      : ['refused', decision.reason, decision.detail].join(SEPARATOR);
    this.decisions.set(key, (this.decisions.get(key) ?? 0) + 1);
    if (!decision.ok) this.failures.set(decision.reason, (this.failures.get(decision.reason) ?? 0) + 1);
  }

  recordJwksFetch(issuer: string, result: JwksFetchResult): void {
    const key = [issuer, result].join(SEPARATOR);
    this.jwksFetches.set(key, (this.jwksFetches.get(key) ?? 0) + 1);
  }

  /**
   * Registers the sidecar's instruments on `meter`; they read the counters above only when
   * Prometheus scrapes (the Prometheus exporter appends `_total` to the counters' names).
   */
  register(meter: Meter, gauges: SidecarGauges): void {
    const counter = (name: string, description: string, read: () => Samples): void => {
      meter.createObservableCounter(name, { description }).addCallback((result) => {
        for (const [attributes, n] of read()) result.observe(n, attributes);
      });
    };
    const gauge = (name: string, description: string, read: () => Samples): void => {
      meter.createObservableGauge(name, { description }).addCallback((result) => {
        for (const [attributes, n] of read()) result.observe(n, attributes);
      });
    };
    counter('cmf_auth_decisions', 'Authenticate and refresh decisions by result, reason and detail.', () =>
      [...this.decisions].map(([key, n]) => {
        const [result = '', reason = '', detail = ''] = key.split(SEPARATOR);
        return [{ result, reason, detail }, n] as const;
      }),
    );
    counter('cmf_auth_failures', 'Refused authenticate and refresh calls by reason.', () =>
      [...this.failures].map(([reason, n]) => [{ reason }, n] as const),
    );
    counter('cmf_auth_jwks_refresh', 'JWKS fetches by issuer and result (ok, error, invalid).', () =>
      [...this.jwksFetches].map(([key, n]) => {
        const [issuer = '', result = ''] = key.split(SEPARATOR);
        return [{ issuer, result }, n] as const;
      }),
    );
    gauge('cmf_auth_issuer_keys_ready', '1 when the issuer keys are usable (static, or fetched once).', () =>
      [...gauges.issuersReady()].map(([issuer, ready]) => [{ issuer }, ready ? 1 : 0] as const),
    );
    counter(
      'cmf_auth_api_unauthorized',
      'Authentication API calls refused for a missing or wrong client token.',
      () => [[{}, this.unauthorizedCalls]],
    );
    gauge('cmf_auth_rate_limit_clients', 'Client addresses the handshake rate limit tracks.', () => [
      [{}, gauges.rateLimitClients()],
    ]);
  }
}
