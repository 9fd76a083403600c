import path from 'node:path';
import { runDir } from '@cmf/test-harness';
import { ContentType, HttpsKubeApi, type KubeApi } from '../node-agent/kube/kube-api.js';
import { ListWatch } from '../node-agent/kube/list-watch.js';
import type { ObjectMeta } from '../node-agent/kube/objects.js';
import { LoopbackPool } from '../node-agent/network/loopback-pool.js';
import { readyBackends, RoundRobin, type Backend, type EndpointSlice } from './endpoint-picker.js';
import { ServicePortListener } from './service-port-listener.js';

export interface ServiceProxyOptions {
  readonly kubeconfig: string;
  /** Loopback address reservations, shared with node agents. Default: <runDir>/loopback. */
  readonly addressDir?: string;
  /** Write status.loadBalancer.ingress of LoadBalancer Services with their local address. Default: true. */
  readonly publishLoadBalancerStatus?: boolean;
  /** Full re-list this often. Default: 30 s. */
  readonly resyncMs?: number;
}

interface ServicePort {
  readonly name?: string;
  readonly port: number;
  readonly protocol?: string;
}

interface Service {
  readonly metadata: ObjectMeta;
  readonly spec: {
    readonly type?: string;
    readonly clusterIP?: string;
    readonly ports?: readonly ServicePort[];
  };
  readonly status?: { readonly loadBalancer?: { readonly ingress?: readonly { readonly ip?: string }[] } };
}

interface Proxied {
  readonly address: string;
  readonly listeners: Map<
    string,
    { readonly listener: ServicePortListener; readonly name: string; readonly port: number }
  >;
  readonly balancers: Map<string, RoundRobin>;
}

const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

function keyOf(meta: { readonly name: string; readonly namespace?: string }): string {
  return `${meta.namespace ?? 'default'}/${meta.name}`;
}

/** Services this proxy serves: TCP ports of ClusterIP, NodePort and LoadBalancer Services with a cluster IP. */
function proxiable(service: Service): boolean {
  const type = service.spec.type ?? 'ClusterIP';
  return type !== 'ExternalName' && service.spec.clusterIP !== 'None';
}

/**
 * kube-proxy's stand-in: every Service gets its own 127.0.x.y and a listener per TCP port (the
 * Service's port number when free, another otherwise; `address()` says which), forwarding each
 * connection round-robin to the ready endpoints of the Service's EndpointSlices.
 */
export class ServiceProxy {
  private readonly proxied = new Map<string, Proxied>();
  private readonly slices = new Map<string, EndpointSlice>();
  /** Serializes work per Service so a quick update and delete cannot interleave. */
  private readonly queue = new Map<string, Promise<void>>();
  private serviceWatch: ListWatch<Service> | undefined;
  private sliceWatch: ListWatch<EndpointSlice> | undefined;
  private stopped = false;
  readonly errors: string[] = [];

  private constructor(
    private readonly api: KubeApi,
    private readonly pool: LoopbackPool,
    private readonly publishStatus: boolean,
  ) {}

  static async start(options: ServiceProxyOptions): Promise<ServiceProxy> {
    const api = await HttpsKubeApi.fromKubeconfig(options.kubeconfig);
    const proxy = new ServiceProxy(
      api,
      new LoopbackPool(options.addressDir ?? path.join(runDir, 'loopback')),
      options.publishLoadBalancerStatus ?? true,
    );
    const resyncMs = options.resyncMs ?? 30_000;
    const onError = (err: unknown): void => {
      proxy.errors.push(err instanceof Error ? err.message : String(err));
    };
    proxy.sliceWatch = new ListWatch<EndpointSlice>(
      api,
      { path: '/apis/discovery.k8s.io/v1/endpointslices', resyncMs, retryMs: 1000 },
      {
        sync: (items) => {
          proxy.slices.clear();
          for (const s of items) proxy.slices.set(keyOf(s.metadata), s);
        },
        event: (type, slice) => {
          if (type === 'DELETED') proxy.slices.delete(keyOf(slice.metadata));
          else proxy.slices.set(keyOf(slice.metadata), slice);
        },
        error: onError,
      },
    );
    proxy.serviceWatch = new ListWatch<Service>(
      api,
      { path: '/api/v1/services', resyncMs, retryMs: 1000 },
      {
        sync: (items) => {
          const present = new Set(items.map((s) => keyOf(s.metadata)));
          for (const key of proxy.proxied.keys()) if (!present.has(key)) proxy.enqueue(key, undefined);
          for (const s of items) proxy.enqueue(keyOf(s.metadata), s);
        },
        event: (type, service) => {
          proxy.enqueue(keyOf(service.metadata), type === 'DELETED' ? undefined : service);
        },
        error: onError,
      },
    );
    await proxy.sliceWatch.start();
    await proxy.serviceWatch.start();
    return proxy;
  }

  /** Where a Service port is served here, by port name or Service port number. */
  address(
    namespace: string,
    name: string,
    port: string | number,
  ): { host: string; port: number } | undefined {
    const proxied = this.proxied.get(`${namespace}/${name}`);
    if (proxied === undefined) return undefined;
    for (const entry of proxied.listeners.values()) {
      if (entry.name === port || entry.port === port)
        return { host: entry.listener.host, port: entry.listener.port };
    }
    return undefined;
  }

  /** Resolves once every queued Service change has been applied. */
  async settled(): Promise<void> {
    await Promise.all([...this.queue.values()]);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.serviceWatch?.stop();
    await this.sliceWatch?.stop();
    await this.settled();
    for (const key of [...this.proxied.keys()]) await this.remove(key);
    this.api.close();
  }

  private enqueue(key: string, service: Service | undefined): void {
    const previous = this.queue.get(key) ?? Promise.resolve();
    const next = previous
      .then(() =>
        service === undefined || !proxiable(service) || this.stopped
          ? this.remove(key)
          : this.apply(key, service),
      )
      .catch((err: unknown) => {
        this.errors.push(`${key}: ${err instanceof Error ? err.message : String(err)}`);
      });
    this.queue.set(key, next);
    void next.then(() => {
      if (this.queue.get(key) === next) this.queue.delete(key);
    });
  }

  private backends(namespace: string, name: string, portName: string): Backend[] {
    const slices = [...this.slices.values()].filter(
      (s) =>
        (s.metadata.namespace ?? 'default') === namespace && s.metadata.labels?.[SERVICE_NAME_LABEL] === name,
    );
    return readyBackends(slices, portName);
  }

  private async apply(key: string, service: Service): Promise<void> {
    let proxied = this.proxied.get(key);
    if (proxied === undefined) {
      proxied = { address: this.pool.acquire(), listeners: new Map(), balancers: new Map() };
      this.proxied.set(key, proxied);
    }
    const namespace = service.metadata.namespace ?? 'default';
    const ports = (service.spec.ports ?? []).filter((p) => (p.protocol ?? 'TCP') === 'TCP');
    const wanted = new Set(ports.map((p) => `${p.name ?? ''}:${String(p.port)}`));
    for (const [portKey, entry] of proxied.listeners) {
      if (!wanted.has(portKey)) {
        await entry.listener.close();
        proxied.listeners.delete(portKey);
      }
    }
    for (const p of ports) {
      const portKey = `${p.name ?? ''}:${String(p.port)}`;
      if (proxied.listeners.has(portKey)) continue;
      const portName = p.name ?? '';
      const balancer = proxied.balancers.get(portName) ?? new RoundRobin();
      proxied.balancers.set(portName, balancer);
      const listener = await ServicePortListener.open(proxied.address, p.port, () =>
        balancer.pick(this.backends(namespace, service.metadata.name, portName)),
      );
      proxied.listeners.set(portKey, { listener, name: portName, port: p.port });
    }
    if (this.publishStatus && service.spec.type === 'LoadBalancer')
      await this.publish(service, proxied.address);
  }

  private async publish(service: Service, address: string): Promise<void> {
    const ingress = service.status?.loadBalancer?.ingress ?? [];
    if (ingress.length === 1 && ingress[0]?.ip === address) return;
    await this.api.request(
      'PATCH',
      `/api/v1/namespaces/${service.metadata.namespace ?? 'default'}/services/${service.metadata.name}/status`,
      { status: { loadBalancer: { ingress: [{ ip: address }] } } },
      ContentType.MergePatch,
    );
  }

  private async remove(key: string): Promise<void> {
    const proxied = this.proxied.get(key);
    if (proxied === undefined) return;
    this.proxied.delete(key);
    await Promise.all([...proxied.listeners.values()].map((e) => e.listener.close()));
    this.pool.release(proxied.address);
  }
}
