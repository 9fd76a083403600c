import { describe, expect, it } from 'vitest';
import { parseGatewayConfig } from './parse-gateway-config.js';
import { redactGatewayConfig } from './redact-gateway-config.js';

const SECRET = 'correct-horse-battery-staple-0123456789';

describe('redactGatewayConfig', () => {
  it('replaces the dev secret and keeps everything else', () => {
    const config = parseGatewayConfig({
      env: { CMF_KAFKA_BROKERS: 'kafka:9092', CMF_AUTH_MODE: 'dev-hs256', CMF_DEV_JWT_SECRET: SECRET },
      argv: [],
      hostname: 'gw-0',
    });
    const redacted = redactGatewayConfig(config);
    expect(JSON.stringify(redacted)).not.toContain(SECRET);
    expect(redacted).toStrictEqual({ ...config, auth: { ...config.auth, devJwtSecret: '<redacted>' } });
    expect(config.auth.devJwtSecret).toBe(SECRET);
  });

  it('leaves an unset secret unset', () => {
    const config = parseGatewayConfig({
      env: { CMF_KAFKA_BROKERS: 'kafka:9092' },
      argv: [],
      hostname: 'gw-0',
    });
    expect(redactGatewayConfig(config)).toStrictEqual(config);
  });
});
