/** A volumeMount's path inside the pod and the host directory (or file) that stands in for it. */
export interface MountMapping {
  readonly mountPath: string;
  readonly hostPath: string;
}

/**
 * Hosts that, inside a real pod, mean "this pod's network namespace". Processes here share the
 * host's, so they are pointed at the pod's own loopback address instead. [::] has no IPv4 twin
 * and becomes the pod address too.
 */
const POD_LOCAL_HOSTS = /(?<![\w.-])(?:0\.0\.0\.0|127\.0\.0\.1|localhost|\[::\])(?![\w-]|\.\w)/g;

export function rewriteHosts(value: string, podIP: string): string {
  return value.replace(POD_LOCAL_HOSTS, podIP);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Rewrites absolute paths under a mountPath to the materialized directory: the path must begin a
 * token (start, after `=`, `:`, `,`, `;`, a quote or whitespace) and end at a path separator or a
 * token boundary, so `/etc/cmf` does not match `/etc/cmfx`. Longest mountPath wins.
 */
export function rewritePaths(value: string, mounts: readonly MountMapping[]): string {
  const usable = mounts.filter((m) => m.mountPath.startsWith('/') && m.mountPath !== '/');
  if (usable.length === 0) return value;
  const byLength = [...usable].sort((a, b) => b.mountPath.length - a.mountPath.length);
  const targets = new Map(byLength.map((m) => [trimSlash(m.mountPath), m.hostPath]));
  const alternatives = [...targets.keys()].map(escapeRegExp).join('|');
  const pattern = new RegExp(`(^|[=:,;\\s"'])(${alternatives})(?=$|[/=:,;\\s"'])`, 'g');
  return value.replace(
    pattern,
    (_match, lead: string, path: string) => `${lead}${targets.get(path) ?? path}`,
  );
}

function trimSlash(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

/** The whole emulation applied to one env value or argument. */
export function rewriteForPod(value: string, podIP: string, mounts: readonly MountMapping[]): string {
  return rewriteHosts(rewritePaths(value, mounts), podIP);
}
