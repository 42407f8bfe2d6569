// vsphere:index/getComputeCluster:getComputeCluster: looks up a compute (DRS) cluster: its ID (the
// `computeClusterId` of cluster rules) and its root resource pool, hand-written in the shape of the
// generated @pulumi/vsphere function and its Output form.
import type * as pulumi from '@pulumi/pulumi';
import { invoke, invokeOutput, type FunctionSpec, type InputsOf } from './utilities';

export const GET_COMPUTE_CLUSTER = {
  token: 'vsphere:index/getComputeCluster:getComputeCluster',
  inputs: ['name', 'datacenterId'],
  required: ['name'],
  outputs: ['id', 'name', 'datacenterId', 'resourcePoolId'],
  nested: {},
} as const satisfies FunctionSpec;

export interface GetComputeClusterArgs {
  /** The name or absolute path of the cluster. */
  readonly name: string;
  /** The managed object ID of the datacenter the cluster is in (not needed with a path). */
  readonly datacenterId?: string;
}

export type GetComputeClusterOutputArgs = InputsOf<GetComputeClusterArgs>;

export interface GetComputeClusterResult {
  /** The managed object ID of the cluster, e.g. `domain-c8`. */
  readonly id: string;
  /** The name of the cluster. */
  readonly name: string;
  /** The managed object ID of the datacenter the cluster is in. */
  readonly datacenterId?: string;
  /** The managed object ID of the cluster's root resource pool. */
  readonly resourcePoolId: string;
}

/** Looks up a compute cluster by name or path. */
export function getComputeCluster(
  args: GetComputeClusterArgs,
  opts?: pulumi.InvokeOptions,
): Promise<GetComputeClusterResult> {
  return invoke<GetComputeClusterResult>(GET_COMPUTE_CLUSTER, args, opts);
}

/** Looks up a compute cluster by name or path; the Output form of `getComputeCluster`. */
export function getComputeClusterOutput(
  args: GetComputeClusterOutputArgs,
  opts?: pulumi.InvokeOutputOptions,
): pulumi.Output<GetComputeClusterResult> {
  return invokeOutput<GetComputeClusterResult>(GET_COMPUTE_CLUSTER, args, opts);
}
