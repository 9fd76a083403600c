import { describe, expect, it } from 'vitest';
import { Telemetry } from '../telemetry/index.js';
import { refuse } from './decision.js';
import { SidecarMetrics } from './sidecar-metrics.js';

describe('SidecarMetrics', () => {
  it('exposes decisions, failures, JWKS fetches and gauges under stable names and labels, escaped', async () => {
    const telemetry = Telemetry.metricsOnly({
      service: { name: 'cmf-auth-sidecar', version: 'test' },
      metricPrefix: 'cmf_auth',
    });
    const metrics = new SidecarMetrics();
    metrics.register(telemetry.meter, {
      issuersReady: () => new Map([['https://idp.test/"x"', false]]),
      rateLimitClients: () => 3,
    });
    metrics.recordDecision({ ok: true, identity: { userId: 'u', expiresAt: 1, rooms: [] }, issuer: 'i' });
    metrics.recordDecision(refuse('unknown_kid'));
    metrics.recordDecision(refuse('unknown_kid'));
    metrics.recordDecision(refuse('expired'));
    metrics.recordJwksFetch('https://idp.test/"x"', 'error');
    metrics.recordUnauthorized();
    const text = await telemetry.metricsText();
    expect(text.split('\n')).toEqual(
      expect.arrayContaining([
        '# TYPE cmf_auth_decisions_total counter',
        'cmf_auth_decisions_total{result="accepted",reason="none",detail="none"} 1',
        'cmf_auth_decisions_total{result="refused",reason="invalid_token",detail="unknown_kid"} 2',
        'cmf_auth_decisions_total{result="refused",reason="token_expired",detail="expired"} 1',
        '# TYPE cmf_auth_failures_total counter',
        'cmf_auth_failures_total{reason="invalid_token"} 2',
        'cmf_auth_failures_total{reason="token_expired"} 1',
        'cmf_auth_jwks_refresh_total{issuer="https://idp.test/\\"x\\"",result="error"} 1',
        'cmf_auth_issuer_keys_ready{issuer="https://idp.test/\\"x\\""} 0',
        'cmf_auth_api_unauthorized_total 1',
        'cmf_auth_rate_limit_clients 3',
      ]),
    );
    await telemetry.shutdown();
  });
});
