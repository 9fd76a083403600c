import { existsSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '@cmf/test-harness';

/**
 * The one place that says which local program stands in for which container image. A real
 * kubelet pulls an image and runs its entrypoint; here an image repository (any tag or digest)
 * names a set of commands, each a program on this machine. Node is the binary running the agent.
 */

/** A command word (what a container's `command[0]` or the image entrypoint names). */
export interface LocalProgram {
  /** The executable to spawn. */
  readonly file: string;
  /** Arguments placed before the container's own (e.g. the script for `node`). */
  readonly prefix: readonly string[];
  /** A file that must exist for the program to start (a build output); its absence fails the container. */
  readonly requires?: { readonly file: string; readonly hint: string };
}

export interface LocalImage {
  /** The image's ENTRYPOINT: used when the container sets no `command`. */
  readonly entrypoint: readonly string[];
  /** The image's CMD: used when the container sets neither `command` nor `args`. */
  readonly cmd: readonly string[];
  /** The image's WORKDIR: the process's directory when the container sets no workingDir. */
  readonly workingDir: string;
  readonly commands: Readonly<Record<string, LocalProgram>>;
}

const node = process.execPath;
const nodeProgram: LocalProgram = { file: node, prefix: [] };

function nodeScript(script: string, hint: string): LocalProgram {
  return { file: node, prefix: [script], requires: { file: script, hint } };
}

const gatewayMain = path.join(repoRoot, 'gateway', 'dist', 'src', 'main.js');
const sidecarMain = path.join(repoRoot, 'gateway', 'dist', 'src', 'sidecar', 'main.js');
const operatorMain = path.join(repoRoot, 'operator', 'dist', 'src', 'main.js');
const fixtures = path.join(repoRoot, 'e2e', 'test', 'fixtures', 'node-agent');

const buildGateway = 'build the gateway first: npx tsc --build gateway';
const buildOperator = 'build the operator first: npx tsc --build operator';

export const IMAGES: Readonly<Record<string, LocalImage>> = {
  'ghcr.io/cmf-platform/cmf-gateway': {
    entrypoint: ['cmf-gateway'],
    cmd: [],
    workingDir: path.join(repoRoot, 'gateway'),
    commands: {
      'cmf-gateway': nodeScript(gatewayMain, buildGateway),
      'cmf-auth-sidecar': nodeScript(sidecarMain, buildGateway),
      node: nodeProgram,
    },
  },
  'ghcr.io/cmf-platform/cmf-operator': {
    entrypoint: ['cmf-operator'],
    cmd: [],
    workingDir: path.join(repoRoot, 'operator'),
    commands: {
      'cmf-operator': nodeScript(operatorMain, buildOperator),
      node: nodeProgram,
    },
  },
  // Test images: tiny programs the node agent's own tests run.
  'cmf.test/http-echo': {
    entrypoint: ['http-echo'],
    cmd: [],
    workingDir: fixtures,
    commands: {
      'http-echo': nodeScript(path.join(fixtures, 'http-echo.mjs'), 'the http-echo fixture is missing'),
      node: nodeProgram,
    },
  },
};

/** The repository part of an image reference: registry/path without tag or digest. */
export function imageRepository(image: string): string {
  const withoutDigest = image.split('@', 1)[0] ?? image;
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  return colon < 0 ? withoutDigest : withoutDigest.slice(0, colon);
}

export function findImage(
  image: string,
  images: Readonly<Record<string, LocalImage>> = IMAGES,
): LocalImage | undefined {
  return images[imageRepository(image)];
}

export type ProgramLookup =
  | { readonly ok: true; readonly file: string; readonly args: readonly string[] }
  | { readonly ok: false; readonly message: string };

/** Turns a container's final argv into a spawnable program, as a container runtime's exec would. */
export function lookupProgram(
  imageDef: LocalImage,
  argv: readonly string[],
  fileExists = existsSync,
): ProgramLookup {
  const [word, ...rest] = argv;
  if (word === undefined) return { ok: false, message: 'no command specified' };
  const program = imageDef.commands[word] ?? imageDef.commands[path.basename(word)];
  if (program === undefined) {
    return {
      ok: false,
      message: `exec: "${word}": executable file not found in $PATH (the image provides: ${Object.keys(imageDef.commands).join(', ')})`,
    };
  }
  if (program.requires !== undefined && !fileExists(program.requires.file)) {
    return {
      ok: false,
      message: `${word}: ${program.requires.file} does not exist (${program.requires.hint})`,
    };
  }
  return { ok: true, file: program.file, args: [...program.prefix, ...rest] };
}

/** Kubernetes' rule: command replaces ENTRYPOINT (and drops CMD), args replaces CMD. */
export function containerArgv(
  imageDef: LocalImage,
  command: readonly string[] | undefined,
  args: readonly string[] | undefined,
): string[] {
  const hasCommand = command !== undefined && command.length > 0;
  const hasArgs = args !== undefined && args.length > 0;
  const entry = hasCommand ? command : imageDef.entrypoint;
  const rest = hasArgs ? args : hasCommand ? [] : imageDef.cmd;
  return [...entry, ...rest];
}
