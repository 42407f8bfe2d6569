// Engine events (the machine-readable stream the CLI sends to the Automation API) folded into
// the parts of an OperationResult: per-resource steps, policy violations, diagnostics and the
// change summary. Only keys and messages are kept, never property values: events can carry
// inputs and outputs.
import type { EngineEvent } from '@pulumi/pulumi/automation';
import type { ChangeSummary, Diagnostic, PolicyViolation, ResourceStep, StepOp } from './result';

/** What the CLI streams as it goes. */
export type ProgressEvent =
  | { readonly kind: 'step'; readonly step: ResourceStep }
  | { readonly kind: 'diagnostic'; readonly diagnostic: Diagnostic }
  | { readonly kind: 'policy'; readonly violation: PolicyViolation };

/** The last `::`-separated segment of a URN: the resource's name. */
export function nameOfUrn(urn: string): string {
  const i = urn.lastIndexOf('::');
  return i < 0 ? urn : urn.slice(i + 2);
}

/** Removes the CLI's colour markup (`<{%fg 1%}>`) and ANSI escapes from a message. */
export function plainMessage(message: string): string {
  // eslint-disable-next-line no-control-regex
  return message.replace(/<\{%[^%]*%\}>/g, '').replace(/\u001b\[[0-9;]*m/g, '');
}

/** Steps of a replacement, shown as one `replace` step per resource. */
const REPLACEMENT_PARTS: readonly string[] = ['create-replacement', 'delete-replaced', 'replace'];

function topLevel(key: string): string {
  return key.split(/[.[]/)[0] ?? key;
}

function sortedUnique(keys: Iterable<string>): string[] {
  return [...new Set(keys)].sort();
}

interface StepMetadata {
  readonly op: string;
  readonly urn: string;
  readonly type: string;
  readonly keys?: readonly string[];
  readonly diffs?: readonly string[];
  readonly detailedDiff?: Readonly<Record<string, { readonly diffKind: string }>>;
}

function stepOf(m: StepMetadata): ResourceStep {
  const detailed = Object.entries(m.detailedDiff ?? {});
  const changed =
    detailed.length > 0 ? detailed.map(([k]) => topLevel(k)) : (m.diffs ?? []).map(topLevel);
  const replacing = detailed
    .filter(([, d]) => d.diffKind.endsWith('-replace'))
    .map(([k]) => topLevel(k));
  const op = (REPLACEMENT_PARTS.includes(m.op) ? 'replace' : m.op) as StepOp;
  return {
    op,
    urn: m.urn,
    type: m.type,
    name: nameOfUrn(m.urn),
    changedKeys: sortedUnique(changed),
    replaceKeys: sortedUnique(
      replacing.length > 0 ? replacing : op === 'replace' ? (m.keys ?? []).map(topLevel) : [],
    ),
    status: 'planned',
  };
}

const SEVERITIES: Readonly<Record<string, Diagnostic['severity']>> = {
  info: 'info',
  'info#err': 'info',
  warning: 'warning',
  error: 'error',
};

/** Collects one operation's events. Feed it every event; read the parts at the end. */
export class EventCollector {
  private readonly byUrn = new Map<string, ResourceStep>();
  private unchangedCount = 0;
  readonly policyViolations: PolicyViolation[] = [];
  readonly diagnostics: Diagnostic[] = [];
  summary: ChangeSummary | undefined;

  /**
   * @param redact applied to every message kept (diagnostics, policy messages): the engine may
   * echo a value the program was given, and a secret value must not reach results or logs.
   */
  constructor(
    private readonly onProgress?: (e: ProgressEvent) => void,
    private readonly redact: (text: string) => string = (t) => t,
  ) {}

  get steps(): ResourceStep[] {
    return [...this.byUrn.values()];
  }

  get unchanged(): number {
    return this.unchangedCount;
  }

  /** URNs whose step failed. */
  get failedResources(): string[] {
    return this.steps.filter((s) => s.status === 'failed').map((s) => s.urn);
  }

  private update(step: ResourceStep): void {
    this.byUrn.set(step.urn, step);
    this.onProgress?.({ kind: 'step', step });
  }

  readonly onEvent = (event: EngineEvent): void => {
    const pre = event.resourcePreEvent?.metadata;
    if (pre) {
      if (pre.op === 'same') {
        this.unchangedCount++;
        return;
      }
      const step = stepOf(pre);
      const earlier = this.byUrn.get(step.urn);
      // The parts of one replacement arrive as separate events: keep the keys seen so far.
      this.update(
        earlier
          ? {
              ...step,
              changedKeys: sortedUnique([...earlier.changedKeys, ...step.changedKeys]),
              replaceKeys: sortedUnique([...earlier.replaceKeys, ...step.replaceKeys]),
            }
          : step,
      );
      return;
    }
    const done = event.resOutputsEvent?.metadata;
    if (done && done.op !== 'same') {
      const step = this.byUrn.get(done.urn);
      if (step && step.status !== 'failed') this.update({ ...step, status: 'done' });
      return;
    }
    const failed = event.resOpFailedEvent?.metadata;
    if (failed) {
      const step = this.byUrn.get(failed.urn) ?? stepOf(failed);
      this.update({ ...step, status: 'failed' });
      return;
    }
    const policy = event.policyEvent;
    if (policy) {
      const violation: PolicyViolation = {
        policyPack: policy.policyPackName,
        policyPackVersion: policy.policyPackVersion,
        policy: policy.policyName,
        level: policy.enforcementLevel === 'mandatory' ? 'mandatory' : 'advisory',
        message: this.redact(plainMessage(policy.message).trim()),
        ...(policy.resourceUrn ? { urn: policy.resourceUrn } : {}),
      };
      this.policyViolations.push(violation);
      this.onProgress?.({ kind: 'policy', violation });
      return;
    }
    const diag = event.diagnosticEvent;
    if (diag) {
      // Ephemeral diagnostics are progress chatter (e.g. "creating..."), not results.
      if (diag.ephemeral === true) return;
      const message = this.redact(plainMessage(diag.message).trim());
      if (message === '') return;
      const diagnostic: Diagnostic = {
        severity: SEVERITIES[diag.severity] ?? 'info',
        message,
        ...(diag.urn ? { urn: diag.urn } : {}),
      };
      this.diagnostics.push(diagnostic);
      this.onProgress?.({ kind: 'diagnostic', diagnostic });
      return;
    }
    if (event.summaryEvent) this.summary = { ...event.summaryEvent.resourceChanges };
  };
}
