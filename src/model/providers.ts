// The providers of a Vitistack: the MachineProviders and KubernetesProviders named in its spec,
// each found, checked and given its region and credentials.
import type { MachineProvider, Vitistack } from '../api/v1alpha1';
import type { SecretReference } from '../api/v1alpha1/machineprovider';
import type { Context, LooseRef, RefSource } from './context';
import { BUILT_MACHINE_PROVIDER_TYPES } from './defaults';
import { providerNotFound } from './errors';
import { compact, keyOf } from './objects';
import type {
  ResolvedKubernetesProvider,
  ResolvedMachineProvider,
  ResolvedSecretRef,
} from './stack-model';

/** A Secret reference with its namespace defaulted to the referring object's. */
export function resolveSecretRef(
  ref: SecretReference,
  defaultNamespace: string,
): ResolvedSecretRef {
  return compact({ namespace: ref.namespace ?? defaultNamespace, name: ref.name, key: ref.key });
}

function referencesProvider(v: Vitistack, provider: MachineProvider): boolean {
  return v.spec.providerRefs.machine.some(
    (r) =>
      r.name === provider.metadata.name &&
      (r.namespace ?? v.metadata.namespace) === provider.metadata.namespace,
  );
}

/** Shared: another Vitistack among the objects references it, or it lists `shareWith`. */
function isShared(ctx: Context, provider: MachineProvider): boolean {
  if (provider.spec.shareWith.length > 0) return true;
  return ctx
    .all('Vitistack')
    .some((v) => keyOf(v) !== keyOf(ctx.vitistack) && referencesProvider(v, provider));
}

function usesAmbientIdentity(provider: MachineProvider): boolean {
  const c = provider.spec.credentials;
  if (c === undefined || c.secretRef !== undefined) return false;
  return c.serviceAccount !== undefined || c.method === 'iam-role';
}

/** The MachineProviders of `spec.machineProviders`, in that order; a repeated one once. */
export function resolveMachineProviders(ctx: Context): ResolvedMachineProvider[] {
  const out: ResolvedMachineProvider[] = [];
  ctx.vitistack.spec.providerRefs.machine.forEach((ref, i) => {
    const from = { object: ctx.subject, field: `spec.machineProviders[${i}]` };
    const p = ctx.provider('MachineProvider', ref, ctx.namespace, from);
    if (p === undefined || out.some((o) => o.key === keyOf(p))) return;
    const ns = p.metadata.namespace;
    const creds = p.spec.credentials;
    const extra: Record<string, ResolvedSecretRef> = {};
    for (const [role, r] of Object.entries(creds?.extraSecretRefs ?? {})) {
      extra[role] = resolveSecretRef(r, ns);
    }
    out.push(
      compact({
        key: keyOf(p),
        provider: p,
        type: p.spec.type,
        region: p.spec.region ?? ctx.vitistack.spec.region,
        credentialsSecret:
          creds?.secretRef === undefined ? undefined : resolveSecretRef(creds.secretRef, ns),
        extraSecrets: extra,
        usesAmbientIdentity: usesAmbientIdentity(p),
        shared: isShared(ctx, p),
        supported: BUILT_MACHINE_PROVIDER_TYPES.includes(p.spec.type),
      }),
    );
  });
  return out;
}

/**
 * Resolves a reference to a MachineProvider that must be one of the stack's: refused across
 * namespaces, ProviderNotFound when it does not exist, ValidationFailed when it exists but the
 * Vitistack does not use it. Returns its key.
 */
export function stackMachineProvider(
  ctx: Context,
  providers: readonly ResolvedMachineProvider[],
  ref: LooseRef,
  defaultNamespace: string,
  from: RefSource,
): string | undefined {
  const namespace = ref.namespace ?? defaultNamespace;
  if (!ctx.mayReach('MachineProvider', ref.name, namespace, from)) return undefined;
  const key = `${namespace}/${ref.name}`;
  if (providers.some((p) => p.key === key)) return key;
  if (ctx.find('MachineProvider', namespace, ref.name) === undefined) {
    ctx.errors.push(providerNotFound('MachineProvider', ref.name, namespace, from));
    return undefined;
  }
  const ours = providers.map((p) => p.key);
  ctx.fail({
    reason: 'ValidationFailed',
    object: from.object,
    field: from.field,
    message: `${from.object} ${from.field} names MachineProvider ${key}, which ${ctx.subject} does not use; add it to the Vitistack's spec.machineProviders or name one of its MachineProviders (${ours.length === 0 ? 'it has none' : ours.join(', ')})`,
  });
  return undefined;
}

/** The KubernetesProviders of `spec.kubernetesProviders`, in that order; a repeated one once. */
export function resolveKubernetesProviders(
  ctx: Context,
  machineProviders: readonly ResolvedMachineProvider[],
): ResolvedKubernetesProvider[] {
  const out: ResolvedKubernetesProvider[] = [];
  ctx.vitistack.spec.providerRefs.kubernetes.forEach((ref, i) => {
    const from = { object: ctx.subject, field: `spec.kubernetesProviders[${i}]` };
    const p = ctx.provider('KubernetesProvider', ref, ctx.namespace, from);
    if (p === undefined || out.some((o) => o.key === keyOf(p))) return;
    const ns = p.metadata.namespace;
    const secret = p.spec.credentials.secretRef;
    const mpRef = p.spec.machineProviderRef;
    out.push(
      compact({
        key: keyOf(p),
        provider: p,
        type: p.spec.type,
        builds: p.spec.builds,
        region: p.spec.region ?? ctx.vitistack.spec.region,
        credentialsSecret: secret === undefined ? undefined : resolveSecretRef(secret, ns),
        machineProviderKey:
          mpRef === undefined
            ? undefined
            : stackMachineProvider(ctx, machineProviders, mpRef, ns, {
                object: `KubernetesProvider ${keyOf(p)}`,
                field: 'spec.machineProviderRef',
              }),
        clusterKeys: [],
      }),
    );
  });
  return out;
}
