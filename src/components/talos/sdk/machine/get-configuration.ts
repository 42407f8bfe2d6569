// talos:machine/getConfiguration:getConfiguration: renders the machine configuration of a
// control plane or worker node from the cluster's secrets, hand-written in the shape of the
// @pulumiverse/talos function and its Output form. `machineConfiguration` is a secret output:
// the Output form keeps the provider's secret marking.
import type * as pulumi from '@pulumi/pulumi';
import { MACHINE_SECRETS, type MachineSecrets } from '../types';
import { invoke, invokeOutput, type FunctionSpec, type InputsOf } from '../utilities';

export const GET_MACHINE_CONFIGURATION = {
  token: 'talos:machine/getConfiguration:getConfiguration',
  inputs: [
    'clusterEndpoint',
    'clusterName',
    'configPatches',
    'docs',
    'examples',
    'kubernetesVersion',
    'machineSecrets',
    'machineType',
    'talosVersion',
  ],
  required: ['clusterEndpoint', 'clusterName', 'machineSecrets', 'machineType'],
  outputs: [
    'clusterEndpoint',
    'clusterName',
    'configPatches',
    'docs',
    'examples',
    'id',
    'kubernetesVersion',
    'machineConfiguration',
    'machineSecrets',
    'machineType',
    'talosVersion',
  ],
  nested: { machineSecrets: MACHINE_SECRETS },
} as const satisfies FunctionSpec;

export interface GetConfigurationArgs {
  /** The Kubernetes API endpoint of the cluster, e.g. `https://10.0.0.10:6443`. */
  readonly clusterEndpoint: string;
  /** The name of the cluster. */
  readonly clusterName: string;
  /** Config patches (YAML or JSON) applied to the generated configuration. */
  readonly configPatches?: string[];
  /** Include documentation comments in the configuration. Defaults to `false`. */
  readonly docs?: boolean;
  /** Include example comments in the configuration. Defaults to `false`. */
  readonly examples?: boolean;
  /** The Kubernetes version to configure. Defaults to the provider's. */
  readonly kubernetesVersion?: string;
  /** The secrets of the cluster (`secrets.machineSecrets`). */
  readonly machineSecrets: MachineSecrets;
  /** The type of machine: `controlplane` or `worker`. */
  readonly machineType: string;
  /** The Talos version contract of the configuration (not the installed version). */
  readonly talosVersion?: string;
}

export type GetConfigurationOutputArgs = InputsOf<GetConfigurationArgs>;

export interface GetConfigurationResult {
  /** The Kubernetes API endpoint of the cluster. */
  readonly clusterEndpoint: string;
  /** The name of the cluster. */
  readonly clusterName: string;
  /** The config patches applied. */
  readonly configPatches?: string[];
  /** Whether documentation comments are included. */
  readonly docs?: boolean;
  /** Whether example comments are included. */
  readonly examples?: boolean;
  /** The ID of the configuration. */
  readonly id: string;
  /** The Kubernetes version configured. */
  readonly kubernetesVersion?: string;
  /** The generated machine configuration (YAML); secret. */
  readonly machineConfiguration: string;
  /** The secrets of the cluster. */
  readonly machineSecrets: MachineSecrets;
  /** The type of machine. */
  readonly machineType: string;
  /** The Talos version contract of the configuration. */
  readonly talosVersion?: string;
}

/** Renders the machine configuration of a node type. */
export function getConfiguration(
  args: GetConfigurationArgs,
  opts?: pulumi.InvokeOptions,
): Promise<GetConfigurationResult> {
  return invoke<GetConfigurationResult>(GET_MACHINE_CONFIGURATION, args, opts);
}

/** Renders the machine configuration of a node type; the Output form of `getConfiguration`. */
export function getConfigurationOutput(
  args: GetConfigurationOutputArgs,
  opts?: pulumi.InvokeOutputOptions,
): pulumi.Output<GetConfigurationResult> {
  return invokeOutput<GetConfigurationResult>(GET_MACHINE_CONFIGURATION, args, opts);
}
