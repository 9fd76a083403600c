import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { V1ContainerPort, V1Probe } from '../kube/objects.js';

export interface ProbeTarget {
  readonly podIP: string;
  readonly ports: readonly V1ContainerPort[];
  /** Runs argv inside the container's emulated environment; resolves with the exit code (null: killed). */
  exec(argv: readonly string[], timeoutMs: number): Promise<number | null>;
}

function resolvePort(port: number | string, ports: readonly V1ContainerPort[]): number | undefined {
  if (typeof port === 'number') return port;
  if (/^\d+$/.test(port)) return Number(port);
  return ports.find((p) => p.name === port)?.containerPort;
}

/** The probe's host, seen from the pod: an empty host means the pod's own address. */
function probeHost(host: string | undefined, podIP: string): string {
  if (host === undefined || host === '' || host === 'localhost' || host === '127.0.0.1') return podIP;
  return host;
}

/** Runs one probe attempt. Any error or timeout is a failure, as in the kubelet. */
export async function runProbe(
  probe: V1Probe,
  target: ProbeTarget,
  timeoutMs: number,
): Promise<'success' | 'failure'> {
  try {
    if (probe.httpGet !== undefined) return await httpGet(probe, target, timeoutMs);
    if (probe.tcpSocket !== undefined) {
      const port = resolvePort(probe.tcpSocket.port, target.ports);
      if (port === undefined) return 'failure';
      return await tcpConnect(probeHost(probe.tcpSocket.host, target.podIP), port, timeoutMs);
    }
    if (probe.exec !== undefined) {
      const code = await target.exec(probe.exec.command ?? [], timeoutMs);
      return code === 0 ? 'success' : 'failure';
    }
    if (probe.grpc !== undefined) {
      // No gRPC health client here: a listening port is the closest honest check.
      return await tcpConnect(target.podIP, probe.grpc.port, timeoutMs);
    }
  } catch {
    return 'failure';
  }
  return 'failure';
}

function httpGet(probe: V1Probe, target: ProbeTarget, timeoutMs: number): Promise<'success' | 'failure'> {
  const action = probe.httpGet;
  if (action === undefined) return Promise.resolve('failure');
  const port = resolvePort(action.port, target.ports);
  if (port === undefined) return Promise.resolve('failure');
  const secure = action.scheme === 'HTTPS';
  const headers: Record<string, string> = { 'user-agent': 'kube-probe/1.35', accept: '*/*' };
  for (const h of action.httpHeaders ?? []) headers[h.name.toLowerCase()] = h.value;
  return new Promise((resolve) => {
    const request = (secure ? https : http).request(
      {
        host: probeHost(action.host, target.podIP),
        port,
        path: action.path ?? '/',
        method: 'GET',
        headers,
        timeout: timeoutMs,
        agent: false,
        ...(secure ? { rejectUnauthorized: false } : {}),
      },
      (res) => {
        res.resume();
        const status = res.statusCode ?? 0;
        resolve(status >= 200 && status < 400 ? 'success' : 'failure');
      },
    );
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', () => {
      resolve('failure');
    });
    request.end();
  });
}

function tcpConnect(host: string, port: number, timeoutMs: number): Promise<'success' | 'failure'> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: timeoutMs });
    socket.once('connect', () => {
      socket.destroy();
      resolve('success');
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve('failure');
    });
    socket.once('error', () => {
      resolve('failure');
    });
  });
}
