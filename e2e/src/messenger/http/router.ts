import { ApiError, ApiErrorCode } from './api-error.js';
import type { Route } from './route.js';

export type RouteMatch =
  | { readonly kind: 'found'; readonly route: Route; readonly params: Readonly<Record<string, string>> }
  | { readonly kind: 'wrong_method'; readonly template: string; readonly allow: readonly string[] }
  | { readonly kind: 'none' };

interface Compiled {
  readonly route: Route;
  /** Literal segments as strings, parameters as `{ name }`. */
  readonly segments: readonly (string | { readonly name: string })[];
}

function compile(route: Route): Compiled {
  const segments = route.template
    .split('/')
    .slice(1)
    .map((part) => {
      const param = /^\{([a-zA-Z]+)\}$/.exec(part);
      return param?.[1] === undefined ? part : { name: param[1] };
    });
  return { route, segments };
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new ApiError(ApiErrorCode.BadRequest, 'the path holds a malformed percent-encoding');
  }
}

/** Matches a path against route templates segment by segment; literal segments win by order. */
export class Router {
  private readonly compiled: readonly Compiled[];

  constructor(routes: readonly Route[]) {
    this.compiled = routes.map(compile);
  }

  match(method: string, pathname: string): RouteMatch {
    const parts = pathname.split('/').slice(1);
    const allow: string[] = [];
    let template: string | undefined;
    for (const { route, segments } of this.compiled) {
      if (segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      const fits = segments.every((segment, i) => {
        const part = parts[i] ?? '';
        if (typeof segment === 'string') return segment === part;
        if (part === '') return false;
        params[segment.name] = decode(part);
        return true;
      });
      if (!fits) continue;
      if (route.method === method) return { kind: 'found', route, params };
      allow.push(route.method);
      template ??= route.template;
    }
    return template === undefined ? { kind: 'none' } : { kind: 'wrong_method', template, allow };
  }
}
