import { describe, expect, it } from 'vitest';
import { gatewayHelp } from './gateway-help.js';
import { gatewayOptions, gatewaySections } from './gateway-options.js';
import { isHostDefault, OptionType, type OptionSpec } from './option-spec.js';
import { formatOptionValue } from './option-value.js';
import { renderHelp } from './render-help.js';

const help = gatewayHelp();
const lines = help.split('\n');

/** The three lines help prints for an option: flag and env, doc, details. */
function entry(option: OptionSpec): readonly string[] {
  const at = lines.findIndex(
    (line) =>
      line.trimStart().startsWith(`${option.flag}=`) || line.trimStart().startsWith(`${option.flag}[`),
  );
  expect(at, `${option.flag} is listed`).toBeGreaterThanOrEqual(0);
  return lines.slice(at, at + 3);
}

describe('gatewayHelp', () => {
  it('starts with usage and explains the value syntax', () => {
    expect(lines[0]).toBe('Usage: cmf-gateway [--option=value ...]');
    expect(help).toContain('Durations: 250ms, 5s, 5m, 1h or plain milliseconds.');
    expect(help).toContain('Sizes: 65536, 64KiB, 1MiB');
    expect(help).toContain('-h, --help');
  });

  it.each(gatewayOptions.map((o) => [o.key, o] as const))(
    'lists %s with its flag, env var, doc and default',
    (_key, option) => {
      const [head, doc, details] = entry(option);
      expect(head).toMatch(new RegExp(`^  ${option.flag}\\S* +${option.env}$`));
      expect(doc).toBe(`      ${option.doc}`);
      const fallback = option.default;
      if (option.type === OptionType.String && option.secret === true) {
        expect(details).toContain('secret');
      } else if (isHostDefault(fallback)) {
        expect(details).toContain(`default: ${fallback.describe}`);
      } else if (fallback !== undefined) {
        expect(details).toContain(`default: ${formatOptionValue(option, fallback)}`);
      } else {
        expect(details).toMatch(option.required === true ? /required/ : /unset by default/);
      }
      if (
        option.type === OptionType.Int ||
        option.type === OptionType.DurationMs ||
        option.type === OptionType.Bytes
      ) {
        expect(details).toContain(
          `range: ${formatOptionValue(option, option.min)} to ${formatOptionValue(option, option.max)}`,
        );
      }
      if (option.type === OptionType.Enum) expect(head).toContain(option.values.join('|'));
    },
  );

  it('groups options under their section titles, in order', () => {
    const sectionOfTitle = new Map<string, string>(gatewaySections.map((s) => [s.title, s.id]));
    const sectionsSeen: string[] = [];
    const sectionOfFlag = new Map<string, string>();
    let current: string | undefined;
    for (const line of lines) {
      const section = sectionOfTitle.get(line);
      if (section !== undefined) {
        current = section;
        sectionsSeen.push(section);
      }
      const flag = /^ {2}(--[a-z0-9-]+)/.exec(line)?.[1];
      if (flag !== undefined && current !== undefined) sectionOfFlag.set(flag, current);
    }
    expect(sectionsSeen).toStrictEqual(gatewaySections.map((s) => s.id));
    for (const option of gatewayOptions)
      expect(sectionOfFlag.get(option.flag), option.flag).toBe(option.section);
  });

  it('shows the dev secret with no value and never prints a secret default', () => {
    expect(entry(gatewayOptions.find((o) => o.key === 'auth.devJwtSecret') as OptionSpec)[2]).toBe(
      '      (no default; secret)',
    );
    const text = renderHelp(
      [],
      [{ id: 's', title: 'S' }],
      [
        {
          key: 'token',
          section: 's',
          type: OptionType.String,
          env: 'CMF_TOKEN',
          flag: '--token',
          secret: true,
          default: 'hunter2-hunter2',
          format: { test: () => true, expected: 'a token' },
          doc: 'A token.',
        },
      ],
    );
    expect(text).toContain('(default: <redacted>; secret)');
    expect(text).not.toContain('hunter2');
  });
});
