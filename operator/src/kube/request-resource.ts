/**
 * The resource a REST path names, as a metric label: the plural, with the subresource when there
 * is one (`chatgateways/status`). Names and namespaces are left out so the label set stays small.
 */
export function requestResource(path: string): string {
  const segments = (path.split('?')[0] ?? '').split('/').filter((s) => s !== '');
  // /api/{version}/… or /apis/{group}/{version}/…
  let rest = segments[0] === 'api' ? segments.slice(2) : segments.slice(3);
  // namespaces/{ns}/{plural}/… is a namespaced collection; namespaces or namespaces/{ns} alone is the Namespace kind.
  if (rest[0] === 'namespaces' && rest.length >= 3) rest = rest.slice(2);
  const [plural, , subresource] = rest;
  if (plural === undefined) return 'unknown';
  return subresource === undefined ? plural : `${plural}/${subresource}`;
}
