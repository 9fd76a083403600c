import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '@cmf/test-harness';

// There is no Docker engine on this machine, so the images are never built here: these checks
// read the one Dockerfile and hold each of its targets to what the image promises (a pinned base,
// non-root, no shell at run time, the commands the pod specs name) against this checkout and its
// build output, and the file to its shared stages being written once.

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

interface Stage {
  /** `AS <name>`, when it has one. */
  readonly name: string | undefined;
  /** What it starts from: an image, or an earlier stage's name. */
  readonly from: string;
  /** Its instructions, from its FROM on. */
  readonly instructions: readonly Instruction[];
}

/** The stages of a Dockerfile, in order. */
function stages(all: readonly Instruction[]): Stage[] {
  const result: { name: string | undefined; from: string; instructions: Instruction[] }[] = [];
  for (const instruction of all) {
    if (instruction.keyword === 'FROM') {
      const [from = '', as, name] = instruction.args.split(/\s+/);
      result.push({ name: as?.toUpperCase() === 'AS' ? name : undefined, from, instructions: [] });
    }
    result.at(-1)?.instructions.push(instruction);
  }
  return result;
}

const DOCKERFILE = 'e2e/kind/Dockerfile';
const ALL = instructions(readFileSync(path.join(repoRoot, DOCKERFILE), 'utf8'));
const STAGES = stages(ALL);

function stage(name: string): Stage {
  const found = STAGES.find((s) => s.name === name);
  if (found === undefined) throw new Error(`${DOCKERFILE} has no stage ${name}`);
  return found;
}

/** The stages `name` starts from, outermost first, then itself. */
function lineage(name: string): Stage[] {
  const own = stage(name);
  return STAGES.some((s) => s.name === own.from) ? [...lineage(own.from), own] : [own];
}

/** What a stage runs with what it inherits: its lineage's instructions, in order. */
function effective(name: string): Instruction[] {
  return lineage(name).flatMap((s) => s.instructions);
}

/** The stages `COPY --from=` names in these instructions. */
function copiedFrom(list: readonly Instruction[]): string[] {
  return list.flatMap((i) => (i.keyword === 'COPY' ? (/^--from=(\S+)/.exec(i.args)?.slice(1) ?? []) : []));
}

/** Every stage a target is built from: its lineage and, through COPY --from, theirs. */
function needed(name: string, seen = new Set<string>()): Set<string> {
  for (const s of lineage(name)) {
    if (s.name === undefined || seen.has(s.name)) continue;
    seen.add(s.name);
    for (const source of copiedFrom(s.instructions)) needed(source, seen);
  }
  return seen;
}

const NODE_VERSION = /^NODE_VERSION=(\S+)$/m.exec(
  readFileSync(path.join(repoRoot, 'e2e', 'infra', 'versions.env'), 'utf8'),
)?.[1];
const NODE_IMAGE = `node:${String(NODE_VERSION)}-bookworm-slim`;
const WORKSPACES = (
  JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { workspaces: string[] }
).workspaces;
const DOCKERIGNORE = readFileSync(path.join(repoRoot, '.dockerignore'), 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'));
const RUN_SH = readFileSync(path.join(repoRoot, 'e2e', 'kind', 'run.sh'), 'utf8');

const IMAGES = [
  {
    target: 'gateway',
    image: 'cmf-gateway',
    workspace: '@cmf/gateway',
    commands: ['cmf-gateway', 'cmf-auth-sidecar'],
  },
  { target: 'operator', image: 'cmf-operator', workspace: '@cmf/operator', commands: ['cmf-operator'] },
  {
    target: 'messenger-standin',
    image: 'cmf-messenger-standin',
    workspace: '@cmf/e2e',
    commands: ['cmf-messenger-standin'],
  },
] as const;

describe(DOCKERFILE, () => {
  it('starts from one exactly pinned Node image, the version the project pins, named once', () => {
    const images = STAGES.filter((s) => !STAGES.some((earlier) => earlier.name === s.from)).map(
      (s) => s.from,
    );
    expect(images).toEqual([NODE_IMAGE]);
    expect(NODE_IMAGE).not.toContain('@');
  });

  it('adds nothing from the network and copies only what exists and is not ignored', () => {
    expect(ALL.filter((i) => i.keyword === 'ADD')).toEqual([]);
    for (const copy of ALL.filter((i) => i.keyword === 'COPY' && !i.args.startsWith('--from'))) {
      const sources = copy.args.split(/\s+/).slice(0, -1);
      for (const source of sources) {
        expect(existsSync(path.join(repoRoot, source)), `${source} exists`).toBe(true);
        expect(DOCKERIGNORE, `${source} is not ignored`).not.toContain(source.replace(/\/$/, ''));
      }
    }
  });

  it('writes the shared stages once: each manifest copied, dependencies installed and the gateway compiled in one place', () => {
    // The images themselves copy their own manifests beside their build output; the stages
    // they are built from copy each one once.
    const targets: readonly string[] = IMAGES.map((i) => i.target);
    const copies = STAGES.filter((s) => !targets.includes(s.name ?? ''))
      .flatMap((s) => s.instructions)
      .filter((i) => i.keyword === 'COPY')
      .map((i) => i.args);
    expect(copies.filter((args) => args.includes('package-lock.json'))).toHaveLength(1);
    for (const member of WORKSPACES) {
      expect(
        copies.filter((args) => args.startsWith(`${member}/package.json `)),
        member,
      ).toHaveLength(1);
    }
    const runs = ALL.filter((i) => i.keyword === 'RUN').map((i) => i.args);
    expect(runs.filter((args) => args.startsWith('npm ci ') && !args.includes('--omit=dev'))).toHaveLength(1);
    expect(runs.filter((args) => args.startsWith('npx tsc --build gateway '))).toHaveLength(1);
  });

  it('has a target per image, each built by make e2e-kind under the image name it loads', () => {
    for (const { target, image } of IMAGES) {
      expect(stage(target).name).toBe(target);
      expect(RUN_SH).toMatch(new RegExp(`"\\$[A-Z_]+_IMAGE=${target}"`));
      expect(RUN_SH).toMatch(new RegExp(`[A-Z_]+_IMAGE="ghcr\\.io/cmf-platform/${image}:`));
    }
    expect(RUN_SH).toContain('docker build -f "$CMF_ROOT/e2e/kind/Dockerfile" --target "$target"');
    // The last stage is what a build without --target makes: the product's main image.
    expect(STAGES.at(-1)?.name).toBe('gateway');
  });
});

describe.each(IMAGES)('target $target', ({ target, workspace, commands }) => {
  const built = [...needed(target)];
  const final = effective(target);

  it('builds in stages', () => {
    expect(built.length).toBeGreaterThanOrEqual(3);
  });

  it('installs from the lock file: every workspace manifest, runtime dependencies without dev', () => {
    const installs = built.filter((name) =>
      stage(name).instructions.some((i) => i.keyword === 'RUN' && i.args.startsWith('npm ci ')),
    );
    expect(installs.length).toBeGreaterThanOrEqual(2);
    for (const name of installs) {
      const copied = effective(name)
        .filter((i) => i.keyword === 'COPY')
        .map((i) => i.args);
      for (const member of WORKSPACES) {
        expect(copied.some((args) => args.startsWith(`${member}/package.json `))).toBe(true);
      }
      expect(copied.some((args) => args.includes('package-lock.json'))).toBe(true);
    }
    const runtime = installs.filter((name) =>
      stage(name).instructions.some((i) => i.keyword === 'RUN' && i.args.includes('--omit=dev')),
    );
    expect(runtime).toEqual([`${target}-runtime-deps`]);
    expect(
      stage(`${target}-runtime-deps`).instructions.some((i) => i.args.endsWith(`--workspace ${workspace}`)),
    ).toBe(true);
    expect(final.some((i) => i.args === `--from=${target}-runtime-deps /app/node_modules node_modules`)).toBe(
      true,
    );
  });

  it('runs as uid 65532 with an exec-form entrypoint, so no shell runs', () => {
    const users = final.filter((i) => i.keyword === 'USER');
    expect(users.at(-1)?.args).toBe('65532:65532');
    const afterUser = final.slice(final.indexOf(users.at(-1) as Instruction));
    expect(afterUser.filter((i) => i.keyword === 'RUN')).toEqual([]);
    const entrypoints = final.filter((i) => i.keyword === 'ENTRYPOINT');
    expect(JSON.parse(entrypoints.at(-1)?.args ?? 'null')).toEqual([commands[0]]);
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
    // Copies of build output: from a stage that compiles, not from one that installs.
    const copiedFromBuild = final
      .filter((i) => {
        const source = copiedFrom([i])[0];
        return source !== undefined && effective(source).some((r) => r.args.startsWith('npx tsc --build '));
      })
      .map((i) => i.args.split(/\s+/));
    for (const link of links.values()) {
      // /app/<dir> in the image is /app/<dir> in the build stage, i.e. <dir> in this checkout.
      const relative = path.relative('/app', link ?? '');
      expect(copiedFromBuild.some(([, , dest]) => relative.startsWith(`${dest ?? '-'}/`))).toBe(true);
      const script = path.join(repoRoot, relative);
      expect(existsSync(script), `${relative} is built (npx tsc --build)`).toBe(true);
      expect(readFileSync(script, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
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
