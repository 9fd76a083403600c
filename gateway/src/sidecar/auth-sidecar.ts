import { readClientTokenFile } from '../auth/client-token-file.js';
import type { Logger } from '../log/index.js';
import { gatewayVersion, Telemetry } from '../telemetry/index.js';
import { AuthDetail } from './auth-detail.js';
import { refuse, type Decision } from './decision.js';
import { HandshakeAuthenticator } from './handshake-authenticator.js';
import { HandshakeLimiter } from './handshake-limiter.js';
import type { KeySource } from './key-source.js';
import { loadKeySources } from './load-key-sources.js';
import { OriginPolicy } from './origin-policy.js';
import type { SidecarConfig } from './sidecar-config.js';
import { SidecarMetrics } from './sidecar-metrics.js';
import { SidecarServer, type SidecarApi } from './sidecar-server.js';
import { TokenVerifier } from './token-verifier.js';

export interface AuthSidecarDeps {
  readonly logger: Logger;
  /** Reads key and secret files (bytes); `fs.readFileSync` in the process. */
  readonly readFile: (path: string) => Buffer;
  /** The process's OpenTelemetry (main starts it); unset: metrics only, for an in-process sidecar. */
  readonly telemetry?: Telemetry;
}

// Room for the token twice (Authorization and subprotocol) plus the query and the JSON around it.
const BODY_OVERHEAD_BYTES = 16 * 1024;

export interface ListeningPorts {
  readonly port: number;
  readonly adminPort: number;
}

/**
 * The composition root of `cmf-auth-sidecar`: builds every part from one config, starts the key
 * sources and both listeners, and stops them. Every decision is counted and logged here (debug
 * level; never the token).
 */
export class AuthSidecar {
  private readonly authenticator: HandshakeAuthenticator;
  private readonly limiter: HandshakeLimiter;
  /**
   * The decisions themselves, counted and logged like the HTTP API's. The HTTP API serves them to
   * the gateway; an in-process caller (the handshake benchmark's baseline) may use them directly.
   */
  readonly decisions: SidecarApi;
  private readonly apiServer: SidecarServer;
  private readonly adminServer: SidecarServer;

  constructor(
    private readonly config: SidecarConfig,
    private readonly keySources: ReadonlyMap<string, KeySource>,
    private readonly metrics: SidecarMetrics,
    private readonly logger: Logger,
    telemetry: Telemetry,
    clientToken?: string,
  ) {
    const issuers = config.issuers.map((issuer) => {
      const keys = keySources.get(issuer.issuer);
      if (keys === undefined) throw new Error(`no key source for issuer ${issuer.issuer}`);
      return { config: issuer, keys };
    });
    const verifier = new TokenVerifier(issuers, config.token, logger);
    this.limiter = new HandshakeLimiter(config.rateLimit);
    this.authenticator = new HandshakeAuthenticator(
      verifier,
      new OriginPolicy(config.origins.allowed),
      this.limiter,
      config.token.queryToken,
    );
    const probes = {
      live: () => true,
      readiness: () => this.readiness(),
      metrics: () => telemetry.metricsText(),
    };
    this.metrics.register(telemetry.meter, {
      issuersReady: () =>
        new Map(
          [...this.keySources].map(([issuer, source]) => [issuer, source.notReadyReason() === undefined]),
        ),
      rateLimitClients: () => this.limiter.size,
    });
    const api: SidecarApi = {
      authenticate: (request) => this.decide('authenticate', () => this.authenticator.authenticate(request)),
      refresh: (request) => this.decide('refresh', () => this.authenticator.refresh(request)),
    };
    const serverOptions = { maxBodyBytes: config.token.maxBytes * 4 + BODY_OVERHEAD_BYTES, logger };
    this.decisions = api;
    this.apiServer = new SidecarServer(probes, api, {
      ...serverOptions,
      ...(clientToken === undefined ? {} : { clientToken }),
      onUnauthorized: () => {
        this.metrics.recordUnauthorized();
      },
    });
    this.adminServer = new SidecarServer(probes, undefined, serverOptions);
  }

  /** Loads the key files and builds the sidecar; throws ConfigError for unusable key files. */
  static async create(config: SidecarConfig, deps: AuthSidecarDeps): Promise<AuthSidecar> {
    const metrics = new SidecarMetrics();
    const keySources = await loadKeySources(config, {
      readFile: deps.readFile,
      logger: deps.logger,
      onJwksFetch: (issuer, result) => {
        metrics.recordJwksFetch(issuer, result);
      },
    });
    if (config.issuers.length === 0) {
      deps.logger.warn('no token issuers configured: every handshake will be refused', {
        issuersFile: config.issuersFile,
      });
    }
    const clientToken =
      config.clientTokenFile === undefined
        ? undefined
        : readClientTokenFile('CMF_SIDECAR_CLIENT_TOKEN_FILE', config.clientTokenFile, deps.readFile);
    const telemetry =
      deps.telemetry ??
      Telemetry.metricsOnly({
        service: { name: 'cmf-auth-sidecar', version: gatewayVersion() },
        metricPrefix: 'cmf_auth',
      });
    return new AuthSidecar(config, keySources, metrics, deps.logger, telemetry, clientToken);
  }

  async start(): Promise<ListeningPorts> {
    for (const source of this.keySources.values()) source.start();
    const port = await this.apiServer.listen(this.config.listen.port, this.config.listen.host);
    const adminPort = await this.adminServer.listen(this.config.admin.port, this.config.admin.host);
    return { port, adminPort };
  }

  async stop(): Promise<void> {
    for (const source of this.keySources.values()) source.stop();
    await Promise.all([this.apiServer.close(), this.adminServer.close()]);
  }

  /** Ready when every issuer's keys are usable; JWKS issuers need one successful fetch. */
  readiness(): { ready: boolean; reasons: string[] } {
    const reasons: string[] = [];
    for (const source of this.keySources.values()) {
      const reason = source.notReadyReason();
      if (reason !== undefined) reasons.push(reason);
    }
    return { ready: reasons.length === 0, reasons };
  }

  private async decide(
    endpoint: 'authenticate' | 'refresh',
    run: () => Promise<Decision>,
  ): Promise<Decision> {
    let decision: Decision;
    try {
      decision = await run();
    } catch (err) {
      // A bug, not a verdict on the token: fail closed and retryable.
      this.logger.error('authentication failed unexpectedly', { endpoint, error: err });
      decision = refuse(AuthDetail.InternalError);
    }
    this.metrics.recordDecision(decision);
    if (decision.ok) {
      this.logger.debug('accepted', { endpoint, issuer: decision.issuer, userId: decision.identity.userId });
    } else {
      this.logger.debug('refused', { endpoint, reason: decision.reason, detail: decision.detail });
    }
    return decision;
  }
}
