import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '@cmf/test-harness';

// There is no Docker engine on this machine, so the images are never built here: these checks
// read the Dockerfiles and hold them to what the images promise (pinned bases, non-root, no shell
// at run time, the commands the pod specs name) against this checkout and its build output.

interface Instruction {
  readonly keyword: string;
  readonly args: string;
}

/** Dockerfile instructions with comments dropped and `\` continuations joined. */
function instructions(text: string): Instruction[] {
  const joined = text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n')
    .replace(/\\\n/g, ' ');
  return joined
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const [keyword = '', ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    });
}

/** The instructions of each stage, from its FROM on. */
function stages(all: readonly Instruction[]): Instruction[][] {
  const result: Instruction[][] = [];
  for (const instruction of all) {
    if (instruction.keyword === 'FROM') result.push([]);
    result.at(-1)?.push(instruction);
  }
  return result;
}

const NODE_VERSION = /^NODE_VERSION=(\S+)$/m.exec(
  readFileSync(path.join(repoRoot, 'e2e', 'infra', 'versions.env'), 'utf8'),
)?.[1];
const WORKSPACES = (
  JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { workspaces: string[] }
).workspaces;
const DOCKERIGNORE = readFileSync(path.join(repoRoot, '.dockerignore'), 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'));

const IMAGES = [
  {
    dockerfile: 'gateway/Dockerfile',
    workspace: '@cmf/gateway',
    commands: ['cmf-gateway', 'cmf-auth-sidecar'],
  },
  { dockerfile: 'operator/Dockerfile', workspace: '@cmf/operator', commands: ['cmf-operator'] },
  { dockerfile: 'e2e/Dockerfile', workspace: '@cmf/e2e', commands: ['cmf-messenger-standin'] },
] as const;

describe.each(IMAGES)('$dockerfile', ({ dockerfile, workspace, commands }) => {
  const all = instructions(readFileSync(path.join(repoRoot, dockerfile), 'utf8'));
  const byStage = stages(all);
  const final = byStage.at(-1) ?? [];

  it('builds in stages from one exactly pinned Node image, the version the project pins', () => {
    expect(byStage.length).toBeGreaterThanOrEqual(3);
    for (const from of all.filter((i) => i.keyword === 'FROM')) {
      const image = from.args.split(/\s+/)[0] ?? '';
      expect(image).not.toContain('@');
      expect(image).toBe(`node:${String(NODE_VERSION)}-bookworm-slim`);
    }
  });

  it('adds nothing from the network and copies only what exists and is not ignored', () => {
    expect(all.filter((i) => i.keyword === 'ADD')).toEqual([]);
    for (const copy of all.filter((i) => i.keyword === 'COPY' && !i.args.startsWith('--from'))) {
      const sources = copy.args.split(/\s+/).slice(0, -1);
      for (const source of sources) {
        expect(existsSync(path.join(repoRoot, source)), `${source} exists`).toBe(true);
        expect(DOCKERIGNORE, `${source} is not ignored`).not.toContain(source.replace(/\/$/, ''));
      }
    }
  });

  it('installs from the lock file: every workspace manifest, runtime dependencies without dev', () => {
    for (const stage of byStage.slice(0, -1)) {
      const copied = stage.filter((i) => i.keyword === 'COPY').map((i) => i.args);
      for (const member of WORKSPACES) {
        expect(copied.some((args) => args.startsWith(`${member}/package.json `))).toBe(true);
      }
      expect(copied.some((args) => args.includes('package-lock.json'))).toBe(true);
      expect(stage.some((i) => i.keyword === 'RUN' && i.args.startsWith('npm ci '))).toBe(true);
    }
    const runtime = byStage.find((stage) =>
      stage.some((i) => i.keyword === 'RUN' && i.args.includes('--omit=dev')),
    );
    expect(runtime?.[0]?.args).toMatch(/ AS runtime-deps$/);
    expect(runtime?.some((i) => i.args.includes(`--workspace ${workspace}`))).toBe(true);
    expect(final.some((i) => i.args === '--from=runtime-deps /app/node_modules node_modules')).toBe(true);
  });

  it('runs as uid 65532 with an exec-form entrypoint, so no shell runs', () => {
    const users = final.filter((i) => i.keyword === 'USER');
    expect(users.at(-1)?.args).toBe('65532:65532');
    const afterUser = final.slice(final.indexOf(users.at(-1) as Instruction));
    expect(afterUser.filter((i) => i.keyword === 'RUN')).toEqual([]);
    const entrypoint = final.find((i) => i.keyword === 'ENTRYPOINT');
    expect(JSON.parse(entrypoint?.args ?? 'null')).toEqual([commands[0]]);
    expect(final.some((i) => i.keyword === 'CMD' && !i.args.startsWith('['))).toBe(false);
  });

  it('puts each command the pod specs name on PATH, linked to a built node script', () => {
    const links = new Map(
      [
        ...final
          .map((i) => i.args)
          .join(' ')
          .matchAll(/ln -s (\/app\/\S+) \/usr\/local\/bin\/([\w-]+)/g),
      ].map((m) => [m[2], m[1]]),
    );
    expect([...links.keys()].sort()).toEqual([...commands].sort());
    const copiedFromBuild = final
      .filter((i) => i.keyword === 'COPY' && i.args.startsWith('--from=build '))
      .map((i) => i.args.split(/\s+/));
    for (const target of links.values()) {
      // /app/<dir> in the image is /src/<dir> in the build stage, i.e. <dir> in this checkout.
      const relative = path.relative('/app', target ?? '');
      expect(copiedFromBuild.some(([, , dest]) => relative.startsWith(`${dest ?? '-'}/`))).toBe(true);
      const built = path.join(repoRoot, relative);
      expect(existsSync(built), `${relative} is built (npx tsc --build)`).toBe(true);
      expect(readFileSync(built, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
    }
  });
});

describe('the commands the images provide are the ones the pods run', () => {
  it('the operator renders cmf-gateway and cmf-auth-sidecar; the chart runs cmf-operator', () => {
    const podTemplate = readFileSync(
      path.join(repoRoot, 'operator', 'src', 'render', 'pod-template.ts'),
      'utf8',
    );
    expect([...podTemplate.matchAll(/command: \['([\w-]+)'\]/g)].map((m) => m[1]).sort()).toEqual([
      'cmf-auth-sidecar',
      'cmf-gateway',
    ]);
    const deployment = readFileSync(
      path.join(repoRoot, 'charts', 'cmf', 'templates', 'deployment.yaml'),
      'utf8',
    );
    expect(deployment).toMatch(/command: \[cmf-operator\]/);
  });

  it('.dockerignore keeps build output, dependencies and the cache out of the context', () => {
    for (const entry of ['.git', '.cache', '**/node_modules', '**/dist'])
      expect(DOCKERIGNORE).toContain(entry);
  });
});
