import { isHostDefault, OptionType, type OptionSection, type OptionSpec } from './option-spec.js';
import { formatOptionValue, REDACTED } from './option-value.js';

const INDENT = '  ';
const DOC_INDENT = '      ';

function placeholder(spec: OptionSpec): string {
  switch (spec.type) {
    case OptionType.Boolean:
      return '[=true|false]';
    case OptionType.Enum:
      return `=<${spec.values.join('|')}>`;
    case OptionType.DurationMs:
      return '=<duration>';
    case OptionType.Int:
      return '=<int>';
    case OptionType.List:
      return '=<list>';
    case OptionType.String:
      return '=<string>';
  }
}

/** Default, bounds and requirement in one line: `default: 15s; range: 1s to 5m`. */
function details(spec: OptionSpec): string {
  const parts: string[] = [];
  const fallback = spec.default;
  if (spec.type === OptionType.String && spec.secret === true) {
    parts.push(fallback === undefined ? 'no default' : `default: ${REDACTED}`, 'secret');
  } else if (isHostDefault(fallback)) {
    parts.push(`default: ${fallback.describe}`);
  } else if (fallback !== undefined) {
    parts.push(`default: ${formatOptionValue(spec, fallback)}`);
  } else {
    parts.push(spec.required === true ? 'required' : 'unset by default');
  }
  if (spec.type === OptionType.Int || spec.type === OptionType.DurationMs) {
    parts.push(`range: ${formatOptionValue(spec, spec.min)} to ${formatOptionValue(spec, spec.max)}`);
  }
  return parts.join('; ');
}

/**
 * Help text from an option table: the preamble, then per section every option with its flag, env
 * var, doc, default and bounds. Secrets' defaults are never printed.
 */
export function renderHelp(
  preamble: readonly string[],
  sections: readonly OptionSection[],
  table: readonly OptionSpec[],
): string {
  const width = Math.max(...table.map((spec) => spec.flag.length + placeholder(spec).length));
  const lines = [...preamble];
  for (const section of sections) {
    const options = table.filter((spec) => spec.section === section.id);
    if (options.length === 0) continue;
    lines.push('', section.title);
    for (const spec of options) {
      lines.push(`${INDENT}${(spec.flag + placeholder(spec)).padEnd(width)}  ${spec.env}`);
      lines.push(`${DOC_INDENT}${spec.doc}`);
      lines.push(`${DOC_INDENT}(${details(spec)})`);
    }
  }
  return lines.join('\n') + '\n';
}
