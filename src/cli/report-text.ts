// The plain terminal summary printed at the end of preview/up/destroy/refresh, and one log line
// per progress event for non-TTY output. The change counts, verdict and step symbols here are
// shared with the markdown report, so a terminal and a pull-request comment say the same thing.
import { nameOfUrn, type ProgressEvent } from '../engine/events';
import type {
  Diagnostic,
  OperationResult,
  PolicyViolation,
  ResourceStep,
  StepOp,
} from '../engine/result';

/** The symbols `pulumi preview` shows for each step. */
export const OP_SYMBOLS: Readonly<Record<StepOp, string>> = {
  same: ' ',
  create: '+',
  update: '~',
  replace: '+-',
  delete: '-',
  'create-replacement': '++',
  'delete-replaced': '--',
  read: '>',
  'read-replacement': '>>',
  refresh: '~',
  discard: '<',
  'discard-replaced': '<<',
  'remove-pending-replace': '-',
  import: '=',
  'import-replacement': '=>',
};

const OP_ORDER: readonly string[] = [
  'create',
  'update',
  'replace',
  'delete',
  'create-replacement',
  'delete-replaced',
  'read',
  'read-replacement',
  'refresh',
  'import',
  'import-replacement',
  'discard',
  'discard-replaced',
  'remove-pending-replace',
];

/** How a count reads before (`1 to create`) and after (`1 created`) the operation ran. */
const OP_WORDS: Readonly<Record<string, readonly [planned: string, done: string]>> = {
  create: ['to create', 'created'],
  update: ['to update', 'updated'],
  replace: ['to replace', 'replaced'],
  delete: ['to delete', 'deleted'],
  'create-replacement': ['to create (replacement)', 'created (replacement)'],
  'delete-replaced': ['to delete (replaced)', 'deleted (replaced)'],
  read: ['to read', 'read'],
  'read-replacement': ['to read (replacement)', 'read (replacement)'],
  refresh: ['to refresh', 'refreshed'],
  import: ['to import', 'imported'],
  'import-replacement': ['to import (replacement)', 'imported (replacement)'],
  discard: ['to discard', 'discarded'],
  'discard-replaced': ['to discard (replaced)', 'discarded (replaced)'],
  'remove-pending-replace': ['to remove (pending replace)', 'removed (pending replace)'],
};

export interface OpCount {
  readonly op: string;
  readonly count: number;
}

function orderOf(op: string): number {
  const i = OP_ORDER.indexOf(op);
  return i < 0 ? OP_ORDER.length : i;
}

function byOpOrder(a: OpCount, b: OpCount): number {
  return orderOf(a.op) - orderOf(b.op) || a.op.localeCompare(b.op);
}

function countSteps(steps: readonly ResourceStep[]): OpCount[] {
  const counts = new Map<string, number>();
  for (const s of steps) counts.set(s.op, (counts.get(s.op) ?? 0) + 1);
  return [...counts].map(([op, count]) => ({ op, count }));
}

/**
 * Non-zero change counts (`same` left out) in a fixed order: create, update, replace, delete,
 * then the others. From the engine's summary; from the steps when there was none (a failed run).
 */
export function changeCounts(r: OperationResult): OpCount[] {
  const summary = Object.entries(r.changeSummary)
    .map(([op, count]) => ({ op, count }))
    .filter((c) => c.op !== 'same' && c.count > 0);
  return (summary.length > 0 ? summary : countSteps(r.steps)).sort(byOpOrder);
}

/** `4 to change: 1 to create, 1 to update, …; 12 unchanged`, `2 changed: …`, or `No changes`. */
export function changeVerdict(r: OperationResult): string {
  const planned = r.operation === 'preview';
  const counts = changeCounts(r);
  const unchanged = r.unchanged > 0 ? `; ${r.unchanged} unchanged` : '';
  // A failure before the engine reported anything says nothing about changes.
  if (counts.length === 0 && r.result === 'failed' && r.unchanged === 0) {
    return 'Nothing was planned or changed';
  }
  if (counts.length === 0) return `No changes${unchanged}`;
  const total = counts.reduce((n, c) => n + c.count, 0);
  const parts = counts.map((c) => {
    const words = OP_WORDS[c.op] ?? [`to ${c.op}`, c.op];
    return `${c.count} ${planned ? words[0] : words[1]}`;
  });
  return `${total} ${planned ? 'to change' : 'changed'}: ${parts.join(', ')}${unchanged}`;
}

/** `vitistack-aws@1.0.0`, or the pack's name alone when it has no version. */
export function policyPackLabel(v: PolicyViolation): string {
  return v.policyPackVersion ? `${v.policyPack}@${v.policyPackVersion}` : v.policyPack;
}

/** The resource a violation is about, or `stack` for stack policies. */
export function violationTarget(v: PolicyViolation): string {
  return v.urn ? nameOfUrn(v.urn) : 'stack';
}

/** Mandatory violations first, otherwise in the engine's order. */
export function byLevel(violations: readonly PolicyViolation[]): PolicyViolation[] {
  return [...violations].sort(
    (a, b) => Number(b.level === 'mandatory') - Number(a.level === 'mandatory'),
  );
}

/** Error and warning diagnostics, errors first; info is progress chatter. */
export function notableDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics
    .filter((d) => d.severity !== 'info')
    .sort((a, b) => Number(b.severity === 'error') - Number(a.severity === 'error'));
}

/** The annotation value that approves a plan. */
export function approvalOf(planId: string): string {
  return `vitistack.io/approve-plan=${planId}`;
}

function keySuffix(s: ResourceStep): string {
  const changed = s.changedKeys.length > 0 ? ` (changed: ${s.changedKeys.join(', ')})` : '';
  const replace = s.replaceKeys.length > 0 ? ` [replace: ${s.replaceKeys.join(', ')}]` : '';
  return changed + replace;
}

function stepLine(s: ResourceStep): string {
  const failed = s.status === 'failed' ? ' (failed)' : '';
  return `  ${OP_SYMBOLS[s.op]} ${s.type} ${s.name}${keySuffix(s)}${failed}`;
}

/** Continuation lines of a multi-line message, indented under their first line. */
function indented(message: string): string {
  return message.split(/\r\n|\r|\n/).join('\n    ');
}

function oneLine(message: string): string {
  return message
    .trim()
    .split(/\s*(?:\r\n|\r|\n)\s*/)
    .join(' ');
}

function violationText(v: PolicyViolation, message: string): string {
  return `${v.level} ${policyPackLabel(v)}/${v.policy} (${violationTarget(v)}): ${message}`;
}

function diagnosticText(d: Diagnostic, message: string): string {
  return `${d.severity}${d.urn ? ` (${nameOfUrn(d.urn)})` : ''}: ${message}`;
}

function failureLine(r: OperationResult): string {
  return r.failure ? `Failed (${r.failure.kind}): ${indented(r.failure.message)}` : 'Failed';
}

/** The summary printed when an operation ends; ends with a newline. */
export function textReport(r: OperationResult): string {
  const sections: string[][] = [];
  if (r.steps.length > 0) sections.push([`Changes (${r.steps.length}):`, ...r.steps.map(stepLine)]);
  const violations = byLevel(r.policyViolations);
  if (violations.length > 0) {
    sections.push([
      `Policy violations (${violations.length}):`,
      ...violations.map((v) => `  - ${violationText(v, indented(v.message))}`),
    ]);
  }
  const diagnostics = notableDiagnostics(r.diagnostics);
  if (diagnostics.length > 0) {
    sections.push([
      `Diagnostics (${diagnostics.length}):`,
      ...diagnostics.map((d) => `  - ${diagnosticText(d, indented(d.message))}`),
    ]);
  }
  const closing = [`${r.operation} ${r.stack}: ${changeVerdict(r)}`];
  if (r.planId) closing.push(`Plan ${r.planId}: approve with annotation ${approvalOf(r.planId)}`);
  if (r.result === 'failed') closing.push(failureLine(r));
  sections.push(closing);
  return `${sections.map((s) => s.join('\n')).join('\n\n')}\n`;
}

function stepProgress(s: ResourceStep): string {
  const what = `${s.op} ${s.type} ${s.name}`;
  if (s.status === 'done') return `✓ ${what}: done`;
  if (s.status === 'failed') return `✗ ${what}: failed`;
  return `${OP_SYMBOLS[s.op]} ${what}${keySuffix(s)}`;
}

/** One log line for a streamed event (no newline), or undefined when it is not worth one. */
export function progressLine(e: ProgressEvent): string | undefined {
  switch (e.kind) {
    case 'step':
      return e.step.op === 'same' ? undefined : stepProgress(e.step);
    case 'policy':
      return `policy: ${violationText(e.violation, oneLine(e.violation.message))}`;
    case 'diagnostic':
      return e.diagnostic.severity === 'info'
        ? undefined
        : diagnosticText(e.diagnostic, oneLine(e.diagnostic.message));
  }
}
