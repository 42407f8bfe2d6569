/** A path into a manifest: object keys and list indexes. */
export type Path = readonly (string | number)[];

/** One validation problem, before it is placed in a file. */
export interface Issue {
  readonly path: Path;
  /** The offending value; absent for a missing field. */
  readonly value?: unknown;
  readonly hasValue: boolean;
  /** What is wrong and what is allowed, e.g. `is not a valid CIDR block (expected ...)`. */
  readonly reason: string;
  /** The value must not be shown (user data, scripts, anything that may hold a secret). */
  readonly sensitive?: boolean;
}

/** Collects issues while a schema walks a value. */
export class IssueSink {
  readonly issues: Issue[] = [];

  add(path: Path, reason: string, value?: unknown, sensitive?: boolean): void {
    this.issues.push({ path, reason, value, hasValue: arguments.length >= 3, sensitive });
  }

  missing(path: Path, reason: string): void {
    this.issues.push({ path, reason, hasValue: false });
  }

  get count(): number {
    return this.issues.length;
  }
}

/** `spec.networking.vpcs[0].cidr` */
export function formatPath(path: Path): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out === '' ? '(document)' : out;
}

const MAX_SHOWN = 60;

/** Renders a value for a message: short, one line, never the content of sensitive fields. */
export function formatValue(value: unknown, sensitive = false): string {
  if (sensitive) return '<redacted>';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') {
    const shown = value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}...` : value;
    return JSON.stringify(shown);
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value;
}

/** `spec.vlan: 5000 is out of range (allowed: 1 to 4094)` */
export function formatIssue(issue: Issue): string {
  const where = formatPath(issue.path);
  if (!issue.hasValue) return `${where}: ${issue.reason}`;
  return `${where}: ${formatValue(issue.value, issue.sensitive)} ${issue.reason}`;
}

/** Lists allowed values for a message: `a, b, or c`. */
export function listAllowed(values: readonly (string | number)[]): string {
  const shown = values.map(String);
  if (shown.length <= 1) return shown.join('');
  if (shown.length === 2) return `${shown[0] ?? ''} or ${shown[1] ?? ''}`;
  return `${shown.slice(0, -1).join(', ')}, or ${shown[shown.length - 1] ?? ''}`;
}
