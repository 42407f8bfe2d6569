// An OperationResult as a pull-request comment (GitHub-flavoured markdown), for
// `vitistack preview --output markdown`. Every piece of user text (names, messages, keys) is
// escaped so it cannot end a table cell or add markup, and the whole comment stays under
// GitHub's 65,536-character limit by dropping whole table rows, never part of one.
import { nameOfUrn } from '../engine/events';
import type { Diagnostic, OperationResult, PolicyViolation, ResourceStep } from '../engine/result';
import {
  OP_SYMBOLS,
  approvalOf,
  byLevel,
  changeCounts,
  changeVerdict,
  notableDiagnostics,
  policyPackLabel,
  violationTarget,
} from './report-text';

export interface MarkdownOptions {
  /** Heading text in place of `vitistack <operation>: <stack>`. */
  readonly title?: string;
}

/** Room left under GitHub's 65,536 for whatever a CI step wraps around the report. */
export const MAX_MARKDOWN_CHARS = 60_000;
export const MAX_RESOURCE_ROWS = 200;
const MAX_LIST_ROWS = 100;
const MAX_MESSAGE = 1_000;
const MAX_NAME = 300;
const MAX_KEY = 100;
const MAX_KEYS = 20;

const NEWLINE = /\r\n|\r|\n/g;

/** At most `max` characters, with `…` when cut; never half of a surrogate pair. */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = max - 1;
  const high = text.charCodeAt(end - 1);
  return `${text.slice(0, high >= 0xd800 && high <= 0xdbff ? end - 1 : end)}…`;
}

/**
 * User text for a table cell or a line: it renders as written. Backslashes are escaped too, or
 * a trailing `\` would escape the cell's closing `|`; `<` so it cannot open HTML (`<!--` would
 * hide the rest of the comment).
 */
function text(value: string, max = MAX_MESSAGE): string {
  return clip(value, max)
    .replace(/[\\`|<]/g, '\\$&')
    .replace(NEWLINE, '<br>');
}

/** A code span inside a table cell; its fence is longer than any backtick run it holds. */
function code(value: string, max = MAX_NAME): string {
  const inner = clip(value, max).replace(NEWLINE, ' ').replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(inner.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = inner.startsWith('`') || inner.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${inner}${pad}${fence}`;
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** A part of the comment: lines, then table rows that may be cut from the end. */
interface Block {
  readonly lines: readonly string[];
  readonly rows: readonly string[];
  /** Items in all, including those beyond `rows`. */
  readonly total: number;
}

function paragraph(...lines: string[]): Block {
  return { lines, rows: [], total: 0 };
}

function table(lines: readonly string[], rows: readonly string[], total: number): Block {
  return { lines, rows, total };
}

function moreNote(omitted: number): string {
  return `… and ${omitted} more`;
}

function renderBlock(b: Block, shown: number): string {
  const lines = [...b.lines, ...b.rows.slice(0, shown)];
  // The blank line ends the table; without it the note would render as one more row.
  if (b.total > shown) lines.push('', moreNote(b.total - shown));
  return lines.join('\n');
}

/** Characters of `lines` with a newline after each. */
function charsOf(lines: readonly string[]): number {
  return lines.reduce((n, line) => n + line.length + 1, 0);
}

/** renderBlock(b, shown).length, given the characters of the rows shown. */
function blockLength(b: Block, shown: number, rowChars: number): number {
  const note = b.total > shown ? 1 + moreNote(b.total - shown).length + 1 : 0;
  return charsOf(b.lines) + rowChars + note - 1;
}

function heading(r: OperationResult, opts: MarkdownOptions): Block {
  const title = opts.title ?? `vitistack ${r.operation}: ${r.stack}`;
  const lines = [
    `### ${text(title, MAX_NAME)}${r.result === 'failed' ? ' — failed' : ''}`,
    '',
    text(changeVerdict(r)),
  ];
  if (r.result === 'failed') {
    lines.push(
      '',
      r.failure
        ? `**Failed (${r.failure.kind}):** ${text(r.failure.message, 2 * MAX_MESSAGE)}`
        : '**Failed**',
    );
  }
  return paragraph(...lines);
}

function summaryTable(r: OperationResult): Block | undefined {
  const counts = changeCounts(r);
  if (counts.length === 0) return undefined;
  return paragraph(
    '| Operation | Count |',
    '| --- | ---: |',
    ...counts.map((c) => row([text(c.op), String(c.count)])),
  );
}

function changesCell(s: ResourceStep): string {
  const replacing = new Set(s.replaceKeys);
  const keys = [...new Set([...s.changedKeys, ...s.replaceKeys])].sort();
  const shown = keys
    .slice(0, MAX_KEYS)
    .map((k) => `${code(k, MAX_KEY)}${replacing.has(k) ? ' (forces replacement)' : ''}`);
  if (keys.length > MAX_KEYS) shown.push(`… and ${keys.length - MAX_KEYS} more`);
  return shown.join(', ');
}

function resourceRow(s: ResourceStep): string {
  const op = `${code(OP_SYMBOLS[s.op])} ${s.op}${s.status === 'failed' ? ' **failed**' : ''}`;
  return row([op, text(s.name, MAX_NAME), code(s.type), changesCell(s)]);
}

function resourcesTable(steps: readonly ResourceStep[]): Block | undefined {
  if (steps.length === 0) return undefined;
  return table(
    [
      `#### Resources (${steps.length})`,
      '',
      '| Op | Resource | Type | Changes |',
      '| --- | --- | --- | --- |',
    ],
    steps.slice(0, MAX_RESOURCE_ROWS).map(resourceRow),
    steps.length,
  );
}

function violationRow(v: PolicyViolation): string {
  return row([
    v.level === 'mandatory' ? '**mandatory**' : v.level,
    text(policyPackLabel(v), MAX_NAME),
    text(v.policy, MAX_NAME),
    text(violationTarget(v), MAX_NAME),
    text(v.message),
  ]);
}

function violationsTable(violations: readonly PolicyViolation[]): Block | undefined {
  if (violations.length === 0) return undefined;
  const mandatory = violations.filter((v) => v.level === 'mandatory').length;
  const levels = [
    mandatory > 0 ? `${mandatory} mandatory` : '',
    violations.length > mandatory ? `${violations.length - mandatory} advisory` : '',
  ].filter((s) => s !== '');
  const sorted = byLevel(violations);
  return table(
    [
      `#### Policy violations: ${levels.join(', ')}`,
      '',
      '| Level | Policy pack | Policy | Resource | Message |',
      '| --- | --- | --- | --- | --- |',
    ],
    sorted.slice(0, MAX_LIST_ROWS).map(violationRow),
    sorted.length,
  );
}

function diagnosticRow(d: Diagnostic): string {
  return row([d.severity, d.urn ? text(nameOfUrn(d.urn), MAX_NAME) : '', text(d.message)]);
}

function diagnosticsTable(all: readonly Diagnostic[]): Block | undefined {
  const diagnostics = notableDiagnostics(all);
  if (diagnostics.length === 0) return undefined;
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const counts = [
    errors > 0 ? plural(errors, 'error') : '',
    diagnostics.length > errors ? plural(diagnostics.length - errors, 'warning') : '',
  ].filter((s) => s !== '');
  return table(
    [
      `#### Diagnostics: ${counts.join(', ')}`,
      '',
      '| Severity | Resource | Message |',
      '| --- | --- | --- |',
    ],
    diagnostics.slice(0, MAX_LIST_ROWS).map(diagnosticRow),
    diagnostics.length,
  );
}

function planLine(r: OperationResult): Block | undefined {
  if (!r.planId) return undefined;
  return paragraph(`Plan ${code(r.planId)}: approve with annotation ${code(approvalOf(r.planId))}`);
}

/**
 * How many rows of each block to show so the comment fits: rows are dropped one at a time from
 * whichever table is longest, so one huge table cannot push out the others.
 */
function fit(blocks: readonly Block[], max: number): number[] {
  const parts = blocks.map((b) => ({ b, shown: b.rows.length, rowChars: charsOf(b.rows) }));
  const length = (): number =>
    parts.reduce((n, p) => n + blockLength(p.b, p.shown, p.rowChars), 0) +
    2 * (parts.length - 1) +
    1;
  while (length() >= max) {
    const longest = parts
      .filter((p) => p.shown > 0)
      .reduce<(typeof parts)[number] | undefined>(
        (a, p) => (a === undefined || p.rowChars > a.rowChars ? p : a),
        undefined,
      );
    if (!longest) break;
    longest.shown--;
    longest.rowChars -= (longest.b.rows[longest.shown] ?? '').length + 1;
  }
  return parts.map((p) => p.shown);
}

/** The pull-request comment for an operation's result; ends with a newline. */
export function markdownReport(result: OperationResult, opts: MarkdownOptions = {}): string {
  const blocks = [
    heading(result, opts),
    summaryTable(result),
    resourcesTable(result.steps),
    violationsTable(result.policyViolations),
    diagnosticsTable(result.diagnostics),
    planLine(result),
  ].filter((b): b is Block => b !== undefined);
  const shown = fit(blocks, MAX_MARKDOWN_CHARS);
  return `${blocks.map((b, i) => renderBlock(b, shown[i] ?? 0)).join('\n\n')}\n`;
}
