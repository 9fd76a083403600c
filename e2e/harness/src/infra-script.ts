import { spawn } from 'node:child_process';
import path from 'node:path';
import { infraDir } from './paths.js';

/** A failed infra script, with the tail of what it printed so the test report says why. */
export class InfraScriptError extends Error {
  readonly code = 'CMF_INFRA_SCRIPT_FAILED';
  constructor(
    readonly script: string,
    readonly args: readonly string[],
    readonly exitCode: number | null,
    readonly output: string,
  ) {
    super(
      `${script} ${args.join(' ')} exited with ${String(exitCode)}:\n${output.split('\n').slice(-40).join('\n')}`,
    );
    this.name = 'InfraScriptError';
  }
}

/**
 * Runs one of the scripts in e2e/infra with extra environment. Output is collected (and echoed
 * when CMF_VERBOSE is set) so a failure carries its own explanation.
 */
export function runInfraScript(
  script: string,
  args: readonly string[],
  env: Readonly<Record<string, string>>,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [path.join(infraDir, script), ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const collect = (chunk: Buffer): void => {
      output += chunk.toString();
      if (process.env['CMF_VERBOSE']) process.stderr.write(chunk);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('close', (exitCode) => {
      if (exitCode === 0) resolve(output);
      else reject(new InfraScriptError(script, args, exitCode, output));
    });
  });
}

/** A name no other run on this machine uses: pid plus a random suffix. */
export function uniqueInstance(prefix: string): string {
  return `${prefix}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}
