// The Secrets a stack uses: credentials of its providers and of the Vitistack's infrastructure
// providers, plus every `...SecretRef` / `secretRef` field in the specs of its objects (e.g. a
// Grafana admin password). Only names, keys and resourceVersions are handled here, never values.
import type { SecretManifest } from '../api/documents';
import type { AnyResource } from '../api/v1alpha1';
import type { Context } from './context';
import { objectName } from './errors';
import { compareText } from './objects';
import type {
  ReferencedSecret,
  ResolvedKubernetesProvider,
  ResolvedMachineProvider,
  ResolvedSecretRef,
  SecretInfo,
} from './stack-model';

/** One place a Secret is referenced. */
interface SecretUse {
  readonly ref: ResolvedSecretRef;
  /** `Kind namespace/name` of the referring object. */
  readonly object: string;
  readonly field: string;
  /** How messages and `usedBy` describe the use. */
  readonly purpose: string;
}

/** What the model needs to know of a Secret manifest: names and keys, never values. */
export function secretInfoOf(secret: SecretManifest): SecretInfo {
  const { namespace, name, resourceVersion } = secret.metadata;
  const keys = Object.keys(secret.values).sort(compareText);
  return resourceVersion === undefined
    ? { namespace, name, keys }
    : { namespace, name, resourceVersion, keys };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const SECRET_REF_KEY = /secretref$/i;

/**
 * Every `{name, namespace?, key?}` under a key ending in "secretRef" (any case), with its path;
 * `skip` names top-level keys of the spec handled elsewhere.
 */
function findSecretRefs(
  value: unknown,
  path: string,
  skip: readonly string[],
  found: { ref: { name: string; namespace?: string; key?: string }; path: string }[],
): void {
  if (Array.isArray(value)) {
    value.forEach((v: unknown, i) => {
      findSecretRefs(v, `${path}[${i}]`, [], found);
    });
    return;
  }
  if (!isRecord(value)) return;
  for (const [k, v] of Object.entries(value)) {
    if (skip.includes(k)) continue;
    const here = `${path}.${k}`;
    if (SECRET_REF_KEY.test(k) && isRecord(v) && typeof v.name === 'string') {
      const ref: { name: string; namespace?: string; key?: string } = { name: v.name };
      if (typeof v.namespace === 'string') ref.namespace = v.namespace;
      if (typeof v.key === 'string') ref.key = v.key;
      found.push({ ref, path: here });
    } else {
      findSecretRefs(v, here, [], found);
    }
  }
}

function genericUses(o: AnyResource, skip: readonly string[]): SecretUse[] {
  const found: { ref: { name: string; namespace?: string; key?: string }; path: string }[] = [];
  findSecretRefs(o.spec, 'spec', skip, found);
  const object = objectName(o.kind, o.metadata);
  return found.map(({ ref, path }) => ({
    ref: {
      namespace: ref.namespace ?? o.metadata.namespace,
      name: ref.name,
      ...(ref.key === undefined ? {} : { key: ref.key }),
    },
    object,
    field: path,
    purpose: `${path} of ${object}`,
  }));
}

/** Every use of a Secret by the stack's objects, in a stable order. */
function secretUses(
  ctx: Context,
  machineProviders: readonly ResolvedMachineProvider[],
  kubernetesProviders: readonly ResolvedKubernetesProvider[],
  others: readonly AnyResource[],
): SecretUse[] {
  const uses: SecretUse[] = [];
  ctx.vitistack.spec.infrastructureProviders.forEach((p, i) => {
    if (p.credentialsRef === undefined) return;
    uses.push({
      ref: {
        namespace: p.credentialsRef.namespace ?? ctx.namespace,
        name: p.credentialsRef.name,
        ...(p.credentialsRef.key === undefined ? {} : { key: p.credentialsRef.key }),
      },
      object: ctx.subject,
      field: `spec.infrastructure.providers[${i}].credentials.secretRef`,
      purpose: `credentials of infrastructure provider "${p.name}" of ${ctx.subject}`,
    });
  });
  uses.push(...genericUses(ctx.vitistack, ['infrastructureProviders']));
  for (const mp of machineProviders) {
    const object = objectName('MachineProvider', mp.provider.metadata);
    if (mp.credentialsSecret !== undefined) {
      uses.push({
        ref: mp.credentialsSecret,
        object,
        field: 'spec.credentials.secretRef',
        purpose: `credentials of ${object}`,
      });
    }
    for (const [role, ref] of Object.entries(mp.extraSecrets)) {
      uses.push({
        ref,
        object,
        field: `spec.credentials.extraSecretRefs.${role}`,
        purpose: `credentials (${role}) of ${object}`,
      });
    }
    uses.push(...genericUses(mp.provider, ['credentials']));
  }
  for (const kp of kubernetesProviders) {
    const object = objectName('KubernetesProvider', kp.provider.metadata);
    if (kp.credentialsSecret !== undefined) {
      uses.push({
        ref: kp.credentialsSecret,
        object,
        field: `spec.${kp.type}.credentials.secretRef`,
        purpose: `credentials of ${object}`,
      });
    }
    uses.push(...genericUses(kp.provider, ['credentials']));
  }
  for (const o of others) uses.push(...genericUses(o, []));
  return uses;
}

/**
 * Collects the Secrets the stack uses and checks them: a Secret outside the allowed namespaces
 * is CrossNamespaceRefused; when `ctx.secrets` is known, a missing Secret or key is
 * DependencyNotReady. Returns each Secret once, sorted by namespace/name.
 */
export function resolveSecrets(
  ctx: Context,
  machineProviders: readonly ResolvedMachineProvider[],
  kubernetesProviders: readonly ResolvedKubernetesProvider[],
  others: readonly AnyResource[],
): ReferencedSecret[] {
  const grouped = new Map<string, { ref: ResolvedSecretRef; uses: SecretUse[] }>();
  const reported = new Set<string>();
  for (const use of secretUses(ctx, machineProviders, kubernetesProviders, others)) {
    const { namespace, name, key } = use.ref;
    if (!ctx.mayReach('Secret', name, namespace, use)) continue;
    const id = `${namespace}/${name}`;
    const known = ctx.secrets?.get(id);
    const problem = `${id}|${key ?? ''}|${use.object}`;
    if (ctx.secrets !== undefined && !reported.has(problem)) {
      const where = `Secret '${name}' in namespace '${namespace}' (${use.purpose})`;
      if (known === undefined) {
        reported.add(problem);
        ctx.fail({
          reason: 'DependencyNotReady',
          object: use.object,
          field: use.field,
          message: `${where} does not exist yet`,
        });
      } else if (key !== undefined && !known.keys.includes(key)) {
        reported.add(problem);
        ctx.fail({
          reason: 'DependencyNotReady',
          object: use.object,
          field: use.field,
          message: `${where} has no key '${key}' (keys: ${known.keys.length === 0 ? 'none' : known.keys.map((k) => `'${k}'`).join(', ')})`,
        });
      }
    }
    const entry = grouped.get(id) ?? { ref: use.ref, uses: [] };
    entry.uses.push(use);
    grouped.set(id, entry);
  }
  return [...grouped.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([id, { ref, uses }]) => {
      const whole = uses.some((u) => u.ref.key === undefined);
      const keys = whole ? [] : [...new Set(uses.map((u) => u.ref.key ?? ''))].sort(compareText);
      const usedBy = [...new Set(uses.map((u) => u.purpose))];
      const resourceVersion = ctx.secrets?.get(id)?.resourceVersion;
      return {
        namespace: ref.namespace,
        name: ref.name,
        keys,
        ...(resourceVersion === undefined ? {} : { resourceVersion }),
        usedBy,
      };
    });
}
