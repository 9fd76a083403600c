import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InfraScriptError, runInfraScript, uniqueInstance } from './infra-script.js';

// The scripts' failure paths, run for real in an empty cache so nothing is started.
describe('infra scripts fail with a message that names the problem', () => {
  let emptyCache: string;
  beforeAll(async () => {
    emptyCache = await mkdtemp(path.join(os.tmpdir(), 'cmf-empty-cache-'));
  });
  afterAll(async () => {
    await rm(emptyCache, { recursive: true, force: true });
  });

  it('rejects an unknown command with its usage', async () => {
    const err: unknown = await runInfraScript('kafka.sh', ['bogus'], {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InfraScriptError);
    expect((err as InfraScriptError).exitCode).toBe(1);
    expect((err as InfraScriptError).message).toContain('usage: kafka.sh fetch|start|stop|status|destroy');
  });

  it('names the missing control-plane binary and how to get it', async () => {
    const err = await runInfraScript('kube.sh', ['start'], { CMF_CACHE: emptyCache }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(InfraScriptError);
    expect((err as InfraScriptError).output).toMatch(/missing .*\/bin\/etcd: run 'make tools'/);
  });

  it('names an unknown tool to build', async () => {
    const err = await runInfraScript('build-go-tools.sh', ['kubelet'], { CMF_CACHE: emptyCache }).catch(
      (e: unknown) => e,
    );
    expect((err as InfraScriptError).output).toContain("unknown tool 'kubelet'");
  });

  it('stops nothing and succeeds when asked to stop what is not running', async () => {
    const out = await runInfraScript('kafka.sh', ['stop'], {
      CMF_CACHE: emptyCache,
      CMF_INSTANCE: uniqueInstance('none'),
    });
    expect(out).toContain('not running');
  });
});
