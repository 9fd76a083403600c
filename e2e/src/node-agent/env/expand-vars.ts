/**
 * Kubernetes' $(VAR) expansion, as the kubelet applies it to env values, command and args:
 * `$(NAME)` becomes the value when NAME is defined and stays literally `$(NAME)` when it is not;
 * `$$` escapes a dollar; any other `$` is kept as is.
 */
export function expandVars(input: string, lookup: (name: string) => string | undefined): string {
  let out = '';
  for (let i = 0; i < input.length; i++) {
    const ch = input[i];
    if (ch !== '$' || i + 1 >= input.length) {
      out += ch ?? '';
      continue;
    }
    const next = input[i + 1];
    if (next === '$') {
      out += '$';
      i += 1;
    } else if (next === '(') {
      const close = input.indexOf(')', i + 2);
      if (close < 0) {
        out += '$(';
        i += 1;
      } else {
        const name = input.slice(i + 2, close);
        out += lookup(name) ?? `$(${name})`;
        i = close;
      }
    } else {
      out += `$${next ?? ''}`;
      i += 1;
    }
  }
  return out;
}
