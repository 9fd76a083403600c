import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { ConfigResourceTypes, ConfigSource } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { ConfigResourceType, ConfigValueSource } from './kafka-wire-codes.js';

describe('Kafka wire codes', () => {
  it('match the values kafkajs sends and reads', () => {
    expect(ConfigResourceType.Topic).toBe(ConfigResourceTypes.TOPIC);
    expect(ConfigValueSource.TopicConfig).toBe(ConfigSource.TOPIC_CONFIG);
  });

  it('leave only names Node’s ESM loader can see in kafkajs to value imports of this folder', () => {
    // vitest resolves any CommonJS export; `node` itself sees only what its lexer finds.
    const visible = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', "process.stdout.write(Object.keys(await import('kafkajs')).join(' '))"],
      { cwd: import.meta.dirname, encoding: 'utf8' },
    ).split(' ');
    const imported = readdirSync(import.meta.dirname)
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
      .flatMap((file) => {
        const match = /import \{([^}]*)\} from 'kafkajs'/.exec(
          readFileSync(`${import.meta.dirname}/${file}`, 'utf8'),
        );
        return (match?.[1] ?? '')
          .split(',')
          .map((name) => name.trim())
          .filter((name) => name !== '' && !name.startsWith('type '));
      });
    expect(imported.length).toBeGreaterThan(0);
    for (const name of imported) expect(visible, name).toContain(name);
  });
});
