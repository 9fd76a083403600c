import { operatorOptions, operatorSections } from './operator-options.js';
import { renderHelp } from '@cmf/gateway/config';

const PREAMBLE = [
  'Usage: cmf-operator [--option=value ...]',
  '',
  'Reconciles ChatGateway resources (cmf.io/v1alpha1) into gateway Deployments, Services,',
  'autoscaling, policies and Kafka topics.',
  '',
  'Each option is read from its --flag, else its environment variable, else its default;',
  'the last of a repeated flag wins, and an empty value counts as unset.',
  'Durations: 250ms, 5s, 5m, 1h or plain milliseconds. Lists are comma-separated.',
  'Booleans: --flag, --flag=true or --flag=false.',
  '',
  '  -h, --help  Print this help and exit.',
];

/** The `--help` text of `cmf-operator`: every option, grouped by section. */
export function operatorHelp(): string {
  return renderHelp(PREAMBLE, operatorSections, operatorOptions);
}
