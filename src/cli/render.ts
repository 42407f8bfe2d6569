// `vitistack render <dir>`: the desired resources of each Vitistack's stack, offline (mocks, no
// credentials, no engine), with the status every object would get, and the violations of any
// CrossGuard packs given with --policy-pack (evaluated offline, engine/policy-eval.ts).
import { stringify } from 'yaml';
import type { PolicyPackConfig } from '@pulumi/policy/policy';
import type { Vitistack } from '../api/v1alpha1';
import { formatLocated } from '../api/documents';
import { evaluatePacks, PolicyEvaluationError } from '../engine/policy-eval';
import { frameworksOf } from '../engine/policy-config';
import {
  PolicyConfigError,
  readPolicyPackConfig,
  resolvePackConfig,
} from '../engine/policy-pack-config';
import { loadPolicyPack, PolicyPackLoadError, type LoadedPack } from '../engine/policy-pack-loader';
import type { ResourceNode } from '../engine/render';
import { renderStack, type StackRender } from '../engine/render-stack';
import type { PolicyViolation } from '../engine/result';
import { ModelErrors, resolveStack, secretInfoOf, type StackModel } from '../model';
import { COMPLIANCE_PACK, complianceConfig } from '../policy/catalog';
import { ProgramInputError } from '../program/program';
import { ExitCode, type Io } from './output';
import { byLevel, policyPackLabel } from './report-text';
import { validatePaths } from './validate';

export interface RenderOptions {
  readonly output: 'text' | 'json';
  readonly namespace: string;
  /** `namespace/name` of the Vitistack to render; all of them when absent. */
  readonly vitistack?: string;
  readonly allowNamespace: readonly string[];
  /** CrossGuard pack directories to evaluate against each stack. */
  readonly policyPack?: readonly string[];
  /** JSON config for the packs, one per pack in the same order (`--policy-pack-config`). */
  readonly policyPackConfig?: readonly string[];
}

/** The packs to evaluate, each with the config file given for it (if any). */
interface Packs {
  readonly packs: readonly LoadedPack[];
  readonly configs: readonly (PolicyPackConfig | undefined)[];
}

function treeLines(nodes: readonly ResourceNode[], prefix = ''): string[] {
  const out: string[] = [];
  nodes.forEach((n, i) => {
    const last = i === nodes.length - 1;
    out.push(`${prefix}${last ? '└─ ' : '├─ '}${n.type}  ${n.name}`);
    out.push(...treeLines(n.children, prefix + (last ? '   ' : '│  ')));
  });
  return out;
}

/** `type name` of the resource a violation is about, or `stack` for stack policies. */
function targetOf(v: PolicyViolation, r: StackRender): string {
  if (v.urn === undefined) return 'stack';
  const found = r.resources.find((x) => x.urn === v.urn);
  if (found) return `${found.type}  ${found.name}`;
  const parts = v.urn.split('::');
  const type = (parts[2] ?? '').split('$').pop() ?? '';
  return `${type}  ${parts[3] ?? v.urn}`;
}

function plural(n: number, word: string): string {
  return `${String(n)} ${word}${n === 1 ? '' : 's'}`;
}

/** The violations of one stack, mandatory first, and a summary line. */
function policyLines(
  r: StackRender,
  violations: readonly PolicyViolation[],
  packs: Packs,
): string[] {
  const labels = packs.packs.map((p) => `${p.name}@${p.version}`).join(', ');
  const mandatory = violations.filter((v) => v.level === 'mandatory').length;
  const lines: string[] = [];
  if (violations.length > 0) {
    lines.push(`Policy violations (${String(violations.length)}):`);
    for (const v of byLevel(violations)) {
      lines.push(`  - ${v.level} ${policyPackLabel(v)}/${v.policy}  ${targetOf(v, r)}`);
      for (const line of v.message.split(/\r\n|\r|\n/)) lines.push(`      ${line}`);
    }
    lines.push('');
  }
  lines.push(
    violations.length === 0
      ? `Policies (${labels}): no violations`
      : `Policies (${labels}): ${plural(violations.length, 'violation')}, ${String(mandatory)} mandatory, ${String(violations.length - mandatory)} advisory`,
  );
  return lines;
}

function textReport(r: StackRender, policy?: readonly string[]): string {
  const lines: string[] = [];
  const total = r.resources.length;
  lines.push(`Stack ${r.stackName}: ${total} resources`);
  lines.push('');
  lines.push(...treeLines(r.tree));
  lines.push('');
  lines.push('Resources by type:');
  const counts = Object.entries(r.counts).sort(([a], [b]) => a.localeCompare(b));
  const width = Math.max(...counts.map(([t]) => t.length));
  for (const [type, n] of counts) lines.push(`  ${type.padEnd(width)}  ${n}`);
  lines.push('');
  lines.push(r.warnings.length === 0 ? 'Warnings: none' : `Warnings (${r.warnings.length}):`);
  for (const w of r.warnings) lines.push(`  - ${w}`);
  lines.push('');
  lines.push('Status each object would get:');
  for (const p of r.status) {
    lines.push(`--- ${p.kind} ${p.namespace}/${p.name}`);
    lines.push(stringify({ status: p.status }).trimEnd());
  }
  if (r.outputs.secrets.length > 0) {
    lines.push('');
    lines.push('Secrets written (values not shown):');
    for (const s of r.outputs.secrets)
      lines.push(`  - ${s.secretName} (key ${s.key}): ${s.description}`);
  }
  if (policy) lines.push('', ...policy);
  return `${lines.join('\n')}\n`;
}

function jsonReport(r: StackRender, violations?: readonly PolicyViolation[]): unknown {
  return {
    stack: r.stackName,
    resources: r.resources.map((x) => ({
      type: x.type,
      name: x.name,
      parent: x.parent,
      urn: x.urn,
    })),
    counts: r.counts,
    warnings: r.warnings,
    status: r.status,
    secrets: r.outputs.secrets.map((s) => ({ owner: s.owner, name: s.secretName, key: s.key })),
    ...(violations ? { policyViolations: violations } : {}),
  };
}

/**
 * Loads the packs and reads their config files; a pack or config that cannot be used is bad
 * input. Configs are validated against their pack here, before anything renders.
 */
function loadPacks(opts: RenderOptions): Packs {
  const dirs = opts.policyPack ?? [];
  const files = opts.policyPackConfig ?? [];
  if (files.length > dirs.length) {
    throw new PolicyConfigError(
      `${String(files.length)} --policy-pack-config files for ${String(dirs.length)} --policy-pack directories; give at most one config per pack, in the same order`,
    );
  }
  const packs = dirs.map(loadPolicyPack);
  const configs = packs.map((pack, i) => {
    const file = files[i];
    if (file === undefined) return undefined;
    const config = readPolicyPackConfig(file);
    resolvePackConfig(pack, config, file);
    return config;
  });
  return { packs, configs };
}

/**
 * The config of each pack for one stack: the file given for it; for our compliance pack without
 * one, the config its Vitistack's frameworks give (as preview and up pass it); else none.
 */
function configsFor(model: StackModel, packs: Packs): (PolicyPackConfig | undefined)[] {
  return packs.packs.map((pack, i) => {
    const given = packs.configs[i];
    if (given !== undefined || pack.name !== COMPLIANCE_PACK) return given;
    return complianceConfig(frameworksOf(model));
  });
}

export async function runRender(
  paths: readonly string[],
  opts: RenderOptions,
  io: Io,
): Promise<ExitCode> {
  const loaded = validatePaths(paths, opts.namespace);
  if (loaded.errors.length > 0) {
    for (const e of loaded.errors) io.err(`${formatLocated(e)}\n`);
    const n = loaded.errors.length;
    io.err(
      `render: ${n} validation ${n === 1 ? 'error' : 'errors'}; fix them first (vitistack validate)\n`,
    );
    return ExitCode.BadInput;
  }
  const objects = loaded.objects.map((o) => o.object);
  const stacks = objects.filter((o): o is Vitistack => o.kind === 'Vitistack');
  const chosen = opts.vitistack
    ? stacks.filter((v) => `${v.metadata.namespace}/${v.metadata.name}` === opts.vitistack)
    : stacks;
  if (chosen.length === 0) {
    io.err(
      opts.vitistack
        ? `render: no Vitistack ${opts.vitistack} in ${paths.join(', ')} (found: ${stacks.map((v) => `${v.metadata.namespace}/${v.metadata.name}`).join(', ') || 'none'})\n`
        : `render: no Vitistack in ${paths.join(', ')}\n`,
    );
    return ExitCode.BadInput;
  }
  let packs: Packs | undefined;
  try {
    packs = (opts.policyPack ?? []).length > 0 ? loadPacks(opts) : undefined;
  } catch (err) {
    if (err instanceof PolicyPackLoadError || err instanceof PolicyConfigError) {
      io.err(`render: ${err.message}\n`);
      return ExitCode.BadInput;
    }
    throw err;
  }
  const secrets = loaded.secrets.map(secretInfoOf);
  const secretValues = Object.fromEntries(
    loaded.secrets.map((s) => [`${s.metadata.namespace}/${s.metadata.name}`, s.values]),
  );
  const reports: unknown[] = [];
  let failed = false;
  let mandatory = false;
  for (const v of chosen) {
    const key = `${v.metadata.namespace}/${v.metadata.name}`;
    let model: StackModel;
    let r: StackRender;
    try {
      model = resolveStack(v, objects, {
        allowedNamespaces: opts.allowNamespace,
        ...(secrets.length > 0 ? { secrets } : {}),
      });
      r = await renderStack(model, { secrets: secretValues });
    } catch (err) {
      // Model errors, program input errors and component argument errors all name the field
      // and the fix; anything else is a bug and keeps its stack.
      if (err instanceof ModelErrors || err instanceof ProgramInputError || err instanceof Error) {
        io.err(`render ${key}: ${err.message}\n`);
        if (
          !(err instanceof ModelErrors || err instanceof ProgramInputError) &&
          process.env.VITISTACK_DEBUG
        ) {
          io.err(`${err.stack ?? ''}\n`);
        }
        failed = true;
        continue;
      }
      throw err;
    }
    let violations: readonly PolicyViolation[] | undefined;
    let policyError: string | undefined;
    if (packs) {
      try {
        violations = await evaluatePacks(r.resources, packs.packs, {
          stack: r.stackName,
          configs: configsFor(model, packs),
          stackOutputs: r.outputs as unknown as Readonly<Record<string, unknown>>,
        });
      } catch (err) {
        // A policy that throws is a bug in its pack: this stack could not be checked.
        if (!(err instanceof PolicyEvaluationError || err instanceof PolicyConfigError)) throw err;
        policyError = err.message;
        failed = true;
      }
    }
    if (violations?.some((x) => x.level === 'mandatory')) mandatory = true;
    if (opts.output === 'json') reports.push(jsonReport(r, violations));
    else io.out(textReport(r, packs && violations ? policyLines(r, violations, packs) : undefined));
    if (policyError !== undefined) io.err(`render ${key}: ${policyError}\n`);
  }
  if (opts.output === 'json')
    io.out(`${JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2)}\n`);
  // A stack that could not be built or checked says more than a violation in another one.
  if (failed) return ExitCode.Failed;
  return mandatory ? ExitCode.PolicyViolation : ExitCode.Ok;
}
