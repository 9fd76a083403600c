import https from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';
import { KubeApiError } from './kube-api-error.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
export interface WatchEvent<T> {
  readonly type: WatchEventType;
  readonly object: T;
}

export const ContentType = {
  Json: 'application/json',
  MergePatch: 'application/merge-patch+json',
} as const;
export type ContentType = (typeof ContentType)[keyof typeof ContentType];

/** The few verbs the node agent and the Service proxy need, on raw JSON (no client-side model classes). */
export interface KubeApi {
  readonly server: string;
  request<T>(method: string, path: string, body?: unknown, contentType?: ContentType): Promise<T>;
  /** Streams watch events until the server ends the watch, the signal aborts, or the stream fails. */
  watch<T>(path: string, onEvent: (event: WatchEvent<T>) => void, signal: AbortSignal): Promise<void>;
  close(): void;
}

interface StatusBody {
  readonly reason?: string;
  readonly message?: string;
}

/**
 * Plain HTTPS with the kubeconfig's client certificate. Raw JSON keeps timestamps as the strings
 * the API server sends, so list and watch results have one shape.
 */
export class HttpsKubeApi implements KubeApi {
  private constructor(
    readonly server: string,
    private readonly agent: https.Agent,
  ) {}

  static async fromKubeconfig(file: string): Promise<HttpsKubeApi> {
    const config = new KubeConfig();
    config.loadFromFile(file);
    const cluster = config.getCurrentCluster();
    if (cluster === null) throw new KubeApiError(0, 'NoCluster', `kubeconfig ${file} has no current cluster`);
    const options: https.RequestOptions = {};
    await config.applyToHTTPSOptions(options);
    const agent = new https.Agent({
      keepAlive: true,
      ...(options.ca === undefined ? {} : { ca: options.ca }),
      ...(options.cert === undefined ? {} : { cert: options.cert }),
      ...(options.key === undefined ? {} : { key: options.key }),
      rejectUnauthorized: options.rejectUnauthorized ?? true,
    });
    return new HttpsKubeApi(cluster.server, agent);
  }

  request<T>(
    method: string,
    path: string,
    body?: unknown,
    contentType: ContentType = ContentType.Json,
  ): Promise<T> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body), 'utf8');
    return new Promise<T>((resolve, reject) => {
      const req = https.request(
        new URL(path, this.server),
        {
          method,
          agent: this.agent,
          headers: {
            accept: 'application/json',
            ...(payload === undefined
              ? {}
              : { 'content-type': contentType, 'content-length': payload.length }),
          },
          timeout: 30_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', (err) => {
            reject(new KubeApiError(0, 'Transport', `${method} ${path}: ${err.message}`));
          });
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) {
              resolve((text === '' ? {} : JSON.parse(text)) as T);
              return;
            }
            let parsed: StatusBody = {};
            try {
              parsed = JSON.parse(text) as StatusBody;
            } catch {
              // not a Status object: keep the raw text as the message
            }
            reject(
              new KubeApiError(
                status,
                parsed.reason ?? 'Unknown',
                `${method} ${path}: ${String(status)} ${parsed.message ?? text.slice(0, 300)}`,
              ),
            );
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error('request timed out')));
      req.on('error', (err) => {
        reject(new KubeApiError(0, 'Transport', `${method} ${path}: ${err.message}`));
      });
      req.end(payload);
    });
  }

  watch<T>(path: string, onEvent: (event: WatchEvent<T>) => void, signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal.aborted) {
        resolve();
        return;
      }
      const req = https.request(new URL(path, this.server), {
        method: 'GET',
        agent: this.agent,
        headers: { accept: 'application/json' },
      });
      const onAbort = (): void => {
        req.destroy();
        resolve();
      };
      signal.addEventListener('abort', onAbort, { once: true });
      const done = (err?: Error): void => {
        signal.removeEventListener('abort', onAbort);
        if (err === undefined || signal.aborted) resolve();
        else reject(err);
      };
      req.on('error', (err) => {
        done(new KubeApiError(0, 'Transport', `watch ${path}: ${err.message}`));
      });
      req.on('response', (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          done(
            new KubeApiError(res.statusCode ?? 0, 'WatchRefused', `watch ${path}: ${String(res.statusCode)}`),
          );
          return;
        }
        let buffered = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffered += chunk;
          let newline = buffered.indexOf('\n');
          while (newline >= 0) {
            const line = buffered.slice(0, newline).trim();
            buffered = buffered.slice(newline + 1);
            if (line !== '') onEvent(JSON.parse(line) as WatchEvent<T>);
            newline = buffered.indexOf('\n');
          }
        });
        res.on('end', () => {
          done();
        });
        res.on('error', (err) => {
          done(new KubeApiError(0, 'Transport', `watch ${path}: ${err.message}`));
        });
      });
      req.end();
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
