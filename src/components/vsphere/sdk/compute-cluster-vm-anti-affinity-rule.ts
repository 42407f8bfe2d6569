// A DRS anti-affinity rule (vsphere:index/computeClusterVmAntiAffinityRule:...), hand-written in
// the shape of the generated @pulumi/vsphere class: keeps the listed VMs on different hosts.
import * as pulumi from '@pulumi/pulumi';
import { hasPulumiType, resourceInputs, resourceOptions, type ResourceSpec } from './utilities';

export const COMPUTE_CLUSTER_VM_ANTI_AFFINITY_RULE = {
  token: 'vsphere:index/computeClusterVmAntiAffinityRule:ComputeClusterVmAntiAffinityRule',
  inputs: ['computeClusterId', 'enabled', 'mandatory', 'name', 'virtualMachineIds'],
  required: ['computeClusterId', 'virtualMachineIds'],
  secretInputs: [],
  computed: [],
  secretOutputs: [],
  nested: {},
} as const satisfies ResourceSpec;

export interface ComputeClusterVmAntiAffinityRuleArgs {
  /** The managed object ID of the cluster the rule belongs to; changing it replaces the rule. */
  readonly computeClusterId: pulumi.Input<string>;
  /** Enable this rule in the cluster. Defaults to `true`. */
  readonly enabled?: pulumi.Input<boolean>;
  /** When `true`, refuse VM operations that would violate the rule. Defaults to `false`. */
  readonly mandatory?: pulumi.Input<boolean>;
  /** The rule name, unique in the cluster. Defaults to the resource name plus a random suffix. */
  readonly name?: pulumi.Input<string>;
  /** The UUIDs of the virtual machines to run on hosts different from each other. */
  readonly virtualMachineIds: pulumi.Input<pulumi.Input<string>[]>;
}

/** A DRS rule that keeps virtual machines apart, on different hosts of a compute cluster. */
export class ComputeClusterVmAntiAffinityRule extends pulumi.CustomResource {
  /** @internal */
  static readonly __pulumiType = COMPUTE_CLUSTER_VM_ANTI_AFFINITY_RULE.token;

  /** Whether `obj` is such a rule, even when several copies of the SDK are loaded. */
  static override isInstance(obj: unknown): obj is ComputeClusterVmAntiAffinityRule {
    return hasPulumiType(obj, ComputeClusterVmAntiAffinityRule.__pulumiType);
  }

  /** The managed object ID of the cluster the rule belongs to. */
  declare readonly computeClusterId: pulumi.Output<string>;
  /** Whether the rule is enabled in the cluster. */
  declare readonly enabled: pulumi.Output<boolean | undefined>;
  /** Whether VM operations that would violate the rule are refused. */
  declare readonly mandatory: pulumi.Output<boolean | undefined>;
  /** The name of the rule. */
  declare readonly name: pulumi.Output<string>;
  /** The UUIDs of the virtual machines kept on different hosts. */
  declare readonly virtualMachineIds: pulumi.Output<string[]>;

  constructor(
    name: string,
    args: ComputeClusterVmAntiAffinityRuleArgs,
    opts: pulumi.CustomResourceOptions = {},
  ) {
    super(
      ComputeClusterVmAntiAffinityRule.__pulumiType,
      name,
      resourceInputs(COMPUTE_CLUSTER_VM_ANTI_AFFINITY_RULE, args, opts),
      resourceOptions(COMPUTE_CLUSTER_VM_ANTI_AFFINITY_RULE, opts),
    );
  }
}
