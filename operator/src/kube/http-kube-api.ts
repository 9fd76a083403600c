import http from 'node:http';
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { KubeApiError, KubeReason } from './kube-api-error.js';
import type { KubeApi, KubeList, KubeObject, Query, WatchEvent } from './kube-object.js';

/** Calls that hang longer than this are failed, so a half-dead connection cannot stall a worker. */
const REQUEST_TIMEOUT_MS = 30_000;
/** A watch carries its own server-side timeout; this only catches a connection that went silent. */
const WATCH_IDLE_TIMEOUT_MS = 15 * 60_000;

interface StatusBody {
  readonly reason?: string;
  readonly message?: string;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function statusError(status: number, text: string, what: string): KubeApiError {
  const body = parseJson(text) as StatusBody | undefined;
  const reason = body?.reason ?? (status === 404 ? KubeReason.NotFound : `HTTP${status}`);
  return new KubeApiError(status, reason, `${what}: ${body?.message ?? (text.slice(0, 200) || reason)}`);
}

/**
 * KubeApi over node:https with the credentials of a KubeConfig (kubeconfig file or in-cluster
 * service account). Raw requests rather than client-node's typed clients: custom resources and
 * server-side apply need the exact JSON, without a serializer that renames or drops fields.
 */
export class HttpKubeApi implements KubeApi {
  private readonly server: string;

  constructor(private readonly kubeConfig: KubeConfig) {
    const cluster = kubeConfig.getCurrentCluster();
    if (cluster === null) throw new Error('the kubeconfig has no current cluster');
    this.server = cluster.server.replace(/\/+$/, '');
  }

  async get(path: string): Promise<KubeObject> {
    return (await this.request('GET', path)) as KubeObject;
  }

  async list(path: string, query: Query = {}): Promise<KubeList> {
    return (await this.request('GET', path, { query })) as KubeList;
  }

  async create(path: string, body: unknown): Promise<KubeObject> {
    return (await this.request('POST', path, { body })) as KubeObject;
  }

  async replace(path: string, body: unknown): Promise<KubeObject> {
    return (await this.request('PUT', path, { body })) as KubeObject;
  }

  async apply(path: string, body: unknown, fieldManager: string): Promise<KubeObject> {
    return (await this.request('PATCH', path, {
      body,
      query: { fieldManager, force: true },
      contentType: 'application/apply-patch+yaml',
    })) as KubeObject;
  }

  async mergePatch(path: string, body: unknown): Promise<KubeObject> {
    return (await this.request('PATCH', path, {
      body,
      contentType: 'application/merge-patch+json',
    })) as KubeObject;
  }

  async delete(path: string, uid?: string): Promise<void> {
    const body = {
      apiVersion: 'v1',
      kind: 'DeleteOptions',
      propagationPolicy: 'Background',
      ...(uid === undefined ? {} : { preconditions: { uid } }),
    };
    try {
      await this.request('DELETE', path, { body });
    } catch (err) {
      if (err instanceof KubeApiError && err.status === 404) return;
      throw err;
    }
  }

  async watch(
    path: string,
    query: Query,
    onEvent: (event: WatchEvent) => void,
    signal: AbortSignal,
  ): Promise<void> {
    const req = await this.open('GET', path, { ...query, watch: true }, undefined, WATCH_IDLE_TIMEOUT_MS);
    return new Promise<void>((resolve, reject) => {
      const what = `watch ${path}`;
      const abort = (): void => {
        req.destroy();
        resolve();
      };
      if (signal.aborted) {
        abort();
        return;
      }
      signal.addEventListener('abort', abort, { once: true });
      const finish = (err?: KubeApiError): void => {
        signal.removeEventListener('abort', abort);
        if (signal.aborted) resolve();
        else if (err === undefined) resolve();
        else reject(err);
      };
      req.on('error', (err) => {
        finish(new KubeApiError(0, KubeReason.Unreachable, `${what}: ${err.message}`, { cause: err }));
      });
      req.on('timeout', () => req.destroy(new Error('no data within the idle timeout')));
      req.on('response', (res) => {
        const status = res.statusCode ?? 0;
        res.setEncoding('utf8');
        if (status !== 200) {
          let text = '';
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => {
            finish(statusError(status, text, what));
          });
          return;
        }
        let pending = '';
        res.on('data', (chunk: string) => {
          pending += chunk;
          let newline = pending.indexOf('\n');
          while (newline >= 0) {
            const line = pending.slice(0, newline).trim();
            pending = pending.slice(newline + 1);
            if (line !== '') {
              const event = parseJson(line) as WatchEvent | undefined;
              if (event !== undefined) onEvent(event);
            }
            newline = pending.indexOf('\n');
          }
        });
        res.on('end', () => {
          finish();
        });
        res.on('error', (err) => {
          finish(new KubeApiError(0, KubeReason.Unreachable, `${what}: ${err.message}`, { cause: err }));
        });
      });
      req.end();
    });
  }

  private async request(
    method: string,
    path: string,
    options: { query?: Query; body?: unknown; contentType?: string } = {},
  ): Promise<unknown> {
    const what = `${method} ${path}`;
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    const req = await this.open(method, path, options.query ?? {}, options.contentType, REQUEST_TIMEOUT_MS);
    return new Promise((resolve, reject) => {
      req.on('error', (err) => {
        reject(new KubeApiError(0, KubeReason.Unreachable, `${what}: ${err.message}`, { cause: err }));
      });
      req.on('timeout', () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
      req.on('response', (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('error', (err) => {
          reject(new KubeApiError(0, KubeReason.Unreachable, `${what}: ${err.message}`, { cause: err }));
        });
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve(parseJson(text));
          else reject(statusError(status, text, what));
        });
      });
      req.end(payload);
    });
  }

  private async open(
    method: string,
    path: string,
    query: Query,
    contentType: string | undefined,
    timeoutMs: number,
  ): Promise<http.ClientRequest> {
    const url = new URL(this.server + path);
    for (const [name, value] of Object.entries(query)) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    const options: https.RequestOptions = {
      method,
      headers: {
        accept: 'application/json',
        ...(contentType === undefined
          ? { 'content-type': 'application/json' }
          : { 'content-type': contentType }),
      },
      timeout: timeoutMs,
    };
    await this.kubeConfig.applyToHTTPSOptions(options);
    return url.protocol === 'http:' ? http.request(url, options) : https.request(url, options);
  }
}
