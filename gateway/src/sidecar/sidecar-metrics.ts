import type { Decision } from './decision.js';
import type { JwksFetchResult } from './remote-jwks-source.js';

/** What the metrics page reads at scrape time. */
export interface SidecarGauges {
  /** Per configured issuer: whether its keys are usable. */
  issuersReady(): ReadonlyMap<string, boolean>;
  rateLimitClients(): number;
}

/** Label value escaping of the Prometheus text format. */
function label(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

const SEPARATOR = '\u0000';

/**
 * The sidecar's counters and their Prometheus text exposition. Label values come from closed
 * sets (results, reasons, details) or from configuration (issuer names), never from requests, so
 * no client can grow the number of series.
 */
export class SidecarMetrics {
  private readonly decisions = new Map<string, number>();
  /** Refused decisions by reason alone: the series alerts and the dashboard read. */
  private readonly failures = new Map<string, number>();
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

  render(gauges: SidecarGauges): string {
    const lines: string[] = [];
    const header = (name: string, type: 'counter' | 'gauge', help: string): void => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    };
    header(
      'cmf_auth_decisions_total',
      'counter',
      'Authenticate and refresh decisions by result, reason and detail.',
    );
    for (const [key, n] of this.decisions) {
      const [result = '', reason = '', detail = ''] = key.split(SEPARATOR);
      lines.push(
        `cmf_auth_decisions_total{result="${label(result)}",reason="${label(reason)}",detail="${label(detail)}"} ${n}`,
      );
    }
    header('cmf_auth_failures_total', 'counter', 'Refused authenticate and refresh calls by reason.');
    for (const [reason, n] of this.failures) {
      lines.push(`cmf_auth_failures_total{reason="${label(reason)}"} ${n}`);
    }
    header(
      'cmf_auth_jwks_refresh_total',
      'counter',
      'JWKS fetches by issuer and result (ok, error, invalid).',
    );
    for (const [key, n] of this.jwksFetches) {
      const [issuer = '', result = ''] = key.split(SEPARATOR);
      lines.push(`cmf_auth_jwks_refresh_total{issuer="${label(issuer)}",result="${label(result)}"} ${n}`);
    }
    header(
      'cmf_auth_issuer_keys_ready',
      'gauge',
      '1 when the issuer keys are usable (static, or fetched once).',
    );
    for (const [issuer, ready] of gauges.issuersReady()) {
      lines.push(`cmf_auth_issuer_keys_ready{issuer="${label(issuer)}"} ${ready ? 1 : 0}`);
    }
    header(
      'cmf_auth_api_unauthorized_total',
      'counter',
      'Authentication API calls refused for a missing or wrong client token.',
    );
    lines.push(`cmf_auth_api_unauthorized_total ${this.unauthorizedCalls}`);
    header('cmf_auth_rate_limit_clients', 'gauge', 'Client addresses the handshake rate limit tracks.');
    lines.push(`cmf_auth_rate_limit_clients ${gauges.rateLimitClients()}`);
    return lines.join('\n') + '\n';
  }
}
