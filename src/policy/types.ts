// What every vitistack policy is: a CrossGuard policy (the @pulumi/policy shapes) whose `tags`
// name the compliance frameworks it serves. Policies are plain exported constants in the domain
// modules of this folder, so tests call their validate functions directly; the packs in
// policy-packs/ only gather them into a PolicyPack.
//
// Types come from '@pulumi/policy/policy': importing '@pulumi/policy' itself loads the analyzer
// server (PULUMI-NOTES.md).
import type {
  EnforcementLevel,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from '@pulumi/policy/policy';

export type {
  EnforcementLevel,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
};

/** The compliance frameworks a Vitistack can name in spec.security.compliance.frameworks. */
export const FRAMEWORKS = ['SOC2', 'GDPR', 'HIPAA', 'PCI-DSS', 'ISO27001'] as const;
export type Framework = (typeof FRAMEWORKS)[number];

export type VitistackPolicy = ResourceValidationPolicy | StackValidationPolicy;

/** The frameworks a policy serves: its tags that name one. */
export function frameworksOf(policy: VitistackPolicy): Framework[] {
  return (policy.tags ?? []).filter((t): t is Framework =>
    (FRAMEWORKS as readonly string[]).includes(t),
  );
}

/** True when a resource's type is one of `types` (type tokens such as `aws:ebs/volume:Volume`). */
export function isOneOf(args: { readonly type: string }, types: readonly string[]): boolean {
  return types.includes(args.type);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Reads a property path of resource inputs (`['rootBlockDevice', 'encrypted']`); undefined when
 * any step is missing. Under the real analyzer, an unknown value (computed during preview) throws
 * when touched: callers that must not fail on one check with `isUnknown` first.
 */
export function prop(props: unknown, path: readonly (string | number)[]): unknown {
  let v: unknown = props;
  for (const step of path) {
    if (Array.isArray(v) && typeof step === 'number') v = v[step];
    else if (isRecord(v) && typeof step === 'string') v = v[step];
    else return undefined;
  }
  return v;
}

/** The tags (AWS), labels (GCP) or tags (Azure) of a resource's inputs, as strings. */
export function tagsOf(props: unknown): Record<string, string> {
  const raw = prop(props, ['tags']) ?? prop(props, ['labels']);
  if (!isRecord(raw)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) if (typeof v === 'string') out[k] = v;
  return out;
}
