// `vitistack render <dir>`: the desired resources of each Vitistack's stack, offline (mocks, no
// credentials, no engine), with the status every object would get.
import { stringify } from 'yaml';
import type { Vitistack } from '../api/v1alpha1';
import { formatLocated } from '../api/documents';
import type { ResourceNode } from '../engine/render';
import { renderStack, type StackRender } from '../engine/render-stack';
import { ModelErrors, resolveStack, secretInfoOf } from '../model';
import { ProgramInputError } from '../program/program';
import { ExitCode, type Io } from './output';
import { validatePaths } from './validate';

export interface RenderOptions {
  readonly output: 'text' | 'json';
  readonly namespace: string;
  /** `namespace/name` of the Vitistack to render; all of them when absent. */
  readonly vitistack?: string;
  readonly allowNamespace: readonly string[];
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

function textReport(r: StackRender): string {
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
  return `${lines.join('\n')}\n`;
}

function jsonReport(r: StackRender): unknown {
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
  };
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
  const secrets = loaded.secrets.map(secretInfoOf);
  const secretValues = Object.fromEntries(
    loaded.secrets.map((s) => [`${s.metadata.namespace}/${s.metadata.name}`, s.values]),
  );
  const reports: unknown[] = [];
  let code: ExitCode = ExitCode.Ok;
  for (const v of chosen) {
    try {
      const model = resolveStack(v, objects, {
        allowedNamespaces: opts.allowNamespace,
        ...(secrets.length > 0 ? { secrets } : {}),
      });
      const r = await renderStack(model, { secrets: secretValues });
      if (opts.output === 'json') reports.push(jsonReport(r));
      else io.out(textReport(r));
    } catch (err) {
      // Model errors, program input errors and component argument errors all name the field
      // and the fix; anything else is a bug and keeps its stack.
      if (err instanceof ModelErrors || err instanceof ProgramInputError || err instanceof Error) {
        io.err(`render ${v.metadata.namespace}/${v.metadata.name}: ${err.message}\n`);
        if (
          !(err instanceof ModelErrors || err instanceof ProgramInputError) &&
          process.env.VITISTACK_DEBUG
        ) {
          io.err(`${err.stack ?? ''}\n`);
        }
        code = ExitCode.Failed;
        continue;
      }
      throw err;
    }
  }
  if (opts.output === 'json')
    io.out(`${JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2)}\n`);
  return code;
}
