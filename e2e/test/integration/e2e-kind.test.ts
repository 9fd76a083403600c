import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadAllYaml, loadYaml } from '@kubernetes/client-node';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '@cmf/test-harness';

// `make e2e-kind` needs a Docker engine, which this machine lacks: what can be checked here is
// that the script refuses plainly and at once without one, and that the files it and hosted CI
// read are valid.

const RUN = path.join(repoRoot, 'e2e', 'kind', 'run.sh');
const GUARD =
  "kind needs a Docker engine; this machine's suite runs the same scenarios on the local control plane (make test-e2e)";
const dir = mkdtempSync(path.join(os.tmpdir(), 'cmf-e2e-kind-'));

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A PATH holding only bash, the basics lib.sh uses, and (optionally) a `docker` stand-in. */
function pathWith(docker: string | undefined): string {
  const bin = mkdtempSync(path.join(dir, 'bin-'));
  for (const tool of ['bash', 'dirname', 'mkdir', 'cat', 'date', 'printf']) {
    const found = spawnSync('bash', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
    if (found.startsWith('/')) symlinkSync(found, path.join(bin, tool));
  }
  if (docker !== undefined) {
    writeFileSync(path.join(bin, 'docker'), `#!/bin/bash\n${docker}\n`);
    chmodSync(path.join(bin, 'docker'), 0o755);
  }
  return bin;
}

function run(pathValue: string) {
  // A cache of its own: the guard must stop the script before it builds or installs anything.
  const cache = mkdtempSync(path.join(dir, 'cache-'));
  const result = spawnSync(path.join(pathValue, 'bash'), [RUN], {
    env: { PATH: pathValue, CMF_CACHE: cache, HOME: dir },
    encoding: 'utf8',
    timeout: 60_000,
  });
  const built = spawnSync('bash', ['-c', `ls -A '${cache}/bin'`], { encoding: 'utf8' }).stdout.trim();
  return { ...result, built };
}

describe('e2e/kind/run.sh without a Docker engine', () => {
  it('exits 2 and says so when there is no docker command', () => {
    const result = run(pathWith(undefined));
    expect(result.stderr.trim()).toBe(GUARD);
    expect(result.status).toBe(2);
    expect(result.built).toBe('');
  });

  it('exits 2 and says so when docker cannot reach an engine', () => {
    const result = run(pathWith('echo "Cannot connect to the Docker daemon" >&2; exit 1'));
    expect(result.stderr.trim()).toBe(GUARD);
    expect(result.status).toBe(2);
    expect(result.built).toBe('');
  });

  it('goes past the guard when docker answers (and then needs its tools)', () => {
    // helm is not on this PATH: the script stops at the next step, which proves the guard let it by.
    const result = run(pathWith('exit 0'));
    expect(result.stderr).not.toContain(GUARD);
    expect(result.stderr).toContain("missing prerequisite 'helm'");
    expect(result.status).toBe(1);
  });
});

describe('the files make e2e-kind and hosted CI read', () => {
  it('the workflow checks out, sets up, runs make e2e-kind and uploads the reports', () => {
    const workflow = loadYaml<{
      name: string;
      jobs: Record<
        string,
        { 'runs-on': string; steps: { uses?: string; run?: string; with?: { path?: string } }[] }
      >;
    }>(readFileSync(path.join(repoRoot, '.github', 'workflows', 'e2e-kind.yml'), 'utf8'));
    const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
    const uses = steps.flatMap((step) => (step.uses === undefined ? [] : [step.uses]));
    // Every action pinned to an exact release.
    for (const action of uses) expect(action).toMatch(/^[\w-]+\/[\w-]+@v\d+\.\d+\.\d+$/);
    expect(uses[0]).toMatch(/^actions\/checkout@/);
    expect(steps.some((step) => step.run === 'make e2e-kind')).toBe(true);
    const upload = steps.find((step) => step.uses?.startsWith('actions/upload-artifact@'));
    expect(upload?.with?.path).toBe('.cache/reports/');
  });

  it('the kind manifests are Kubernetes objects, and the ChatGateway uses the loaded gateway image', () => {
    const manifests = [
      'cluster.yaml',
      'manifests/kafka.yaml',
      'manifests/messenger.yaml',
      'manifests/chatgateway.yaml',
    ];
    const objects = manifests.flatMap(
      (file) =>
        loadAllYaml(readFileSync(path.join(repoRoot, 'e2e', 'kind', file), 'utf8')) as {
          kind: string;
          apiVersion: string;
          spec?: { image?: { reference?: string; pullPolicy?: string } };
        }[],
    );
    expect(objects.map((o) => o.kind)).toEqual([
      'Cluster',
      'Service',
      'Deployment',
      'Secret',
      'Service',
      'Deployment',
      'ChatGateway',
    ]);
    const gateway = objects.find((o) => o.kind === 'ChatGateway');
    expect(gateway?.spec?.image).toEqual({ reference: 'GATEWAY_IMAGE', pullPolicy: 'Never' });
    // run.sh replaces each placeholder with the image it built or pinned.
    const script = readFileSync(RUN, 'utf8');
    for (const placeholder of ['KAFKA_IMAGE', 'MESSENGER_IMAGE', 'GATEWAY_IMAGE']) {
      expect(script).toContain(`s|${placeholder}|$${placeholder}|`);
    }
  });

  it('make e2e-kind calls the script', () => {
    const makefile = readFileSync(path.join(repoRoot, 'Makefile'), 'utf8');
    expect(makefile).toMatch(/^e2e-kind: .*\n\t@bash \$\(CURDIR\)\/e2e\/kind\/run\.sh$/m);
  });
});
