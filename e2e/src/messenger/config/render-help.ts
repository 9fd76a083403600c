import { messengerOptions } from './messenger-options.js';
import type { OptionSpec } from './option-spec.js';

const PLACEHOLDER: Readonly<Record<OptionSpec['kind'], string>> = {
  string: '<text>',
  int: '<n>',
  duration: '<duration>',
  boolean: '<true|false>',
  list: '<a,b,...>',
  enum: '<value>',
};

function describeDefault(spec: OptionSpec): string {
  if (spec.required === true) return 'required';
  if (spec.default === undefined) return 'unset';
  if (spec.default === '') return 'default: empty';
  return `default: ${spec.default}`;
}

/** `cmf-messenger-standin --help`: every option with its variable, flag, default and meaning. */
export function renderHelp(): string {
  const lines = [
    'cmf-messenger-standin: a contract-faithful stand-in for the Spring Boot messenger (tests and demos).',
    '',
    'REST in (JWT), Kafka out (<prefix>.messages, <prefix>.events), the membership API the gateway calls,',
    'a demo identity provider (JWKS at /.well-known/jwks.json). Not a product: state lives in memory.',
    '',
    'Usage: cmf-messenger-standin [--flag value ...]   (every flag also reads from its variable)',
    '',
    'Options:',
  ];
  for (const spec of messengerOptions) {
    const values = spec.kind === 'enum' ? ` (${(spec.values ?? []).join('|')})` : '';
    lines.push(`  ${spec.flag} ${PLACEHOLDER[spec.kind]}  [${spec.env}] (${describeDefault(spec)})`);
    lines.push(`      ${spec.doc}${values}`);
  }
  lines.push(
    '',
    'Exactly one of CMF_MESSENGER_SERVICE_TOKEN and CMF_MESSENGER_SERVICE_TOKEN_FILE must be set.',
    'Durations take ms, s, m or h. Exit codes: 0 after SIGTERM/SIGINT, 1 on a failure, 2 on bad configuration.',
    '',
  );
  return lines.join('\n');
}
