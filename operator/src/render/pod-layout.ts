// The fixed shape of a gateway pod: container names, ports and probe paths. The gateway's and the
// sidecar's environment, the Deployment, the Service and the NetworkPolicy all read them from here.

/** Container names; policies/pod-security.md documents both. */
export const ContainerName = {
  Gateway: 'gateway',
  Sidecar: 'auth-sidecar',
} as const;
export type ContainerName = (typeof ContainerName)[keyof typeof ContainerName];

/** Named container ports; the Service, Ingress, probes and NetworkPolicy refer to them by name. */
export const PortName = {
  /** WebSocket clients. */
  WebSocket: 'ws',
  /** The gateway's /healthz, /readyz and /metrics. */
  Admin: 'admin',
  /** The sidecar's /healthz, /readyz and /metrics. */
  SidecarAdmin: 'sidecar-admin',
} as const;

/** The ports both processes listen on (their own defaults, set explicitly in their environment). */
export const ContainerPort = {
  WebSocket: 8080,
  Admin: 9090,
  /** The sidecar's authentication API: loopback only, so it is no container port. */
  SidecarApi: 8081,
  SidecarAdmin: 9091,
} as const;

/** Served on the admin ports of both processes (gateway/src/admin, gateway/src/sidecar/API.md). */
export const ProbePath = {
  /** 200 while the process serves; the liveness probe. */
  Live: '/healthz',
  /** 200 once warm (gateway: every partition caught up; sidecar: every issuer's keys usable). */
  Ready: '/readyz',
} as const;

/**
 * Listen addresses, always set explicitly: the clients' and probes' listeners on every interface,
 * the sidecar's authentication API on loopback only (it tells whoever asks who a token belongs to).
 */
export const ListenHost = {
  Any: '0.0.0.0',
  Loopback: '127.0.0.1',
} as const;

/** The non-root user and group of the image (65532, "nonroot" in distroless images). */
export const NonRootId = 65532;
