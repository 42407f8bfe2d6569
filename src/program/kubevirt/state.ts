// What the KubeVirt backend keeps while a stack is built: its clusters, the NetworkPolicies built
// so far (one per cluster, namespace and MachineProvider, made on the first VM there) and the
// warnings given, so each is given once.
import { VmNetworkPolicy } from '../../components/kubevirt/network-policy';
import type { ResolvedMachineProvider } from '../../model';
import type { CloudEnv } from '../cloud';
import type { KubevirtCluster } from './cluster';
import { policyPlan } from './firewall';

export class KubevirtState {
  private readonly warned = new Set<string>();
  /** `namespace/name` of the policy by cluster, namespace and provider; null: none needed. */
  private readonly policies = new Map<string, string | null>();
  private readonly clusterIds = new Map<KubevirtCluster, number>();

  constructor(
    readonly env: CloudEnv,
    readonly clusters: ReadonlyMap<string, KubevirtCluster>,
  ) {}

  warnOnce(message: string): void {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    this.env.warn(message);
  }

  /**
   * The default NetworkPolicy of `p`'s VMs in `namespace` (policyPlan), built on first use;
   * `namespace/name` of it, or undefined when nothing restricts their traffic.
   */
  ensurePolicy(
    p: ResolvedMachineProvider,
    namespace: string,
    cluster: KubevirtCluster,
  ): string | undefined {
    let id = this.clusterIds.get(cluster);
    if (id === undefined) {
      id = this.clusterIds.size;
      this.clusterIds.set(cluster, id);
    }
    const key = `${String(id)}/${namespace}/${p.key}`;
    if (!this.policies.has(key)) {
      const plan = policyPlan(this.env.model, p, namespace);
      for (const w of plan.warnings) this.warnOnce(w);
      if (plan.args === undefined) {
        this.policies.set(key, null);
      } else {
        // Unique in the stack: a second cluster with the same namespace gets its own name.
        const name = `${namespace}-${p.provider.metadata.name}${id === 0 ? '' : `-${String(id)}`}`;
        new VmNetworkPolicy(name, plan.args, {
          parent: this.env.root,
          provider: cluster.provider,
        });
        this.policies.set(key, `${namespace}/${plan.args.name}`);
      }
    }
    return this.policies.get(key) ?? undefined;
  }
}
