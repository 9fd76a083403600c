import type { JsonObject } from './chat-gateway-json.js';
import { KindPlatform, parseKindSettings } from './platform-kind.js';
import { LocalPlatform } from './platform-local.js';

/**
 * The whole CMF platform as a scenario sees it: a cluster with the chart's operator running, the
 * messenger, Kafka, and a way in for WebSocket clients. Scenarios speak only to this interface,
 * so the same files run against the local node agent (CMF_E2E_TARGET=local, the default) and
 * against kind (CMF_E2E_TARGET=kind, provided by e2e/kind/run.sh): everything that differs between
 * targets lives behind it.
 */
export interface Platform {
  /** Namespace the scenario's ChatGateways live in (the membership Secret is there too). */
  readonly namespace: string;
  /** The messenger stand-in's REST API as the test process reaches it. */
  readonly messengerUrl: string;
  /** Kafka as the test process reaches it (to inspect topics, to produce directly). */
  readonly kafkaBootstrap: string;
  /** The messenger's topic prefix: ChatGateways of this platform use it. */
  readonly topicPrefix: string;
  /** kubectl against the cluster, as an administrator; rejects with stderr on failure. */
  kubectl(args: readonly string[], input?: string): Promise<string>;
  /**
   * A ChatGateway spec wired to this platform: tokens from the messenger's JWKS, membership from
   * the messenger with the service token Secret, a LoadBalancer Service, the messenger's topic
   * prefix, topics deleted with the ChatGateway. Scenarios merge their changes into it.
   */
  chatGatewaySpec(): JsonObject;
  /** ws:// URL of a ChatGateway's Service (its `ws` port) from the test process. */
  webSocketUrl(gateway: string): Promise<string>;
  /** Prometheus text of a pod's port (e.g. the gateway's admin port 9090). */
  podMetrics(pod: string, port: number): Promise<string>;
  /** SIGKILL a container's main process, as an OOM kill or a crash would end it. */
  killContainer(pod: string, container: string): Promise<void>;
  stopKafka(): Promise<void>;
  startKafka(): Promise<void>;
  /** Stops the messenger stand-in (SIGTERM); its rooms come back with it (seeded). */
  stopMessenger(): Promise<void>;
  startMessenger(): Promise<void>;
  /** Where to look when something failed: operator, gateway pods, messenger. */
  diagnostics(): Promise<string>;
  stop(): Promise<void>;
}

export interface SeedRoom {
  readonly roomId: string;
  readonly members: readonly string[];
}

export interface PlatformOptions {
  /** Short name of the scenario file: namespace and instance names derive from it. */
  readonly name: string;
  /** Rooms the messenger holds from its start (and again after a restart). */
  readonly rooms: readonly SeedRoom[];
}

export const PlatformTarget = { Local: 'local', Kind: 'kind' } as const;
export type PlatformTarget = (typeof PlatformTarget)[keyof typeof PlatformTarget];

/** Starts the platform the environment asks for (CMF_E2E_TARGET, default local). */
export async function startPlatform(options: PlatformOptions): Promise<Platform> {
  const target = process.env['CMF_E2E_TARGET'] ?? PlatformTarget.Local;
  if (target === PlatformTarget.Local) return LocalPlatform.start(options);
  // The cluster, its images and the shared Kafka and messenger come from e2e/kind/run.sh.
  if (target === PlatformTarget.Kind) return KindPlatform.start(options, parseKindSettings(process.env));
  throw new Error(
    `CMF_E2E_TARGET=${target}: expected '${PlatformTarget.Local}' (the default) or '${PlatformTarget.Kind}'`,
  );
}
