import { Telemetry } from '@cmf/gateway/telemetry';
import { describe, expect, it } from 'vitest';
import { OpenTelemetryOperatorMetrics } from './otel-operator-metrics.js';

describe('OpenTelemetryOperatorMetrics', () => {
  it('exposes every operator metric under its Prometheus name, reconcile results from 0', async () => {
    const telemetry = Telemetry.metricsOnly({
      service: { name: 'cmf-operator', version: 'test' },
      metricPrefix: 'cmf_operator',
    });
    const metrics = new OpenTelemetryOperatorMetrics(telemetry.meter);
    const fresh = (await telemetry.metricsText()).split('\n');
    expect(fresh).toEqual(
      expect.arrayContaining([
        'cmf_operator_reconciles_total{result="success"} 0',
        'cmf_operator_reconciles_total{result="error"} 0',
        'cmf_operator_leader 0',
        'cmf_operator_queue_depth 0',
      ]),
    );

    metrics.reconcileFinished('success', 0.2);
    metrics.reconcileFinished('requeue', 3);
    metrics.watchRestarted('ChatGateway', 'expired');
    metrics.setLeader(true);
    metrics.observeQueueDepth(() => 4);
    metrics.observeTopicsManaged(() => 10);
    metrics.apiRequest('get', 'leases');
    const lines = (await telemetry.metricsText()).split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        '# TYPE cmf_operator_reconciles_total counter',
        'cmf_operator_reconciles_total{result="success"} 1',
        'cmf_operator_reconciles_total{result="requeue"} 1',
        '# TYPE cmf_operator_reconcile_duration_seconds histogram',
        'cmf_operator_reconcile_duration_seconds_bucket{le="0.25"} 1',
        'cmf_operator_reconcile_duration_seconds_bucket{le="5"} 2',
        'cmf_operator_reconcile_duration_seconds_count 2',
        'cmf_operator_watch_restarts_total{kind="ChatGateway",cause="expired"} 1',
        'cmf_operator_leader 1',
        'cmf_operator_queue_depth 4',
        'cmf_operator_topics_managed 10',
        'cmf_operator_api_requests_total{verb="get",resource="leases"} 1',
      ]),
    );
    await telemetry.shutdown();
  });
});
