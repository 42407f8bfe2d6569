// vsphere:index/getResourcePool:getResourcePool: looks up a resource pool, hand-written in the
// shape of the generated @pulumi/vsphere function and its Output form.
import type * as pulumi from '@pulumi/pulumi';
import { invoke, invokeOutput, type FunctionSpec, type InputsOf } from './utilities';

export const GET_RESOURCE_POOL = {
  token: 'vsphere:index/getResourcePool:getResourcePool',
  inputs: ['name', 'datacenterId', 'parentResourcePoolId'],
  required: [],
  outputs: ['id', 'name', 'datacenterId', 'parentResourcePoolId'],
  nested: {},
} as const satisfies FunctionSpec;

export interface GetResourcePoolArgs {
  /** The name or path of the resource pool, e.g. `cluster-1/Resources`; required on vCenter. */
  readonly name?: string;
  /** The managed object ID of the datacenter the resource pool is in (not needed on ESXi). */
  readonly datacenterId?: string;
  /** The managed object ID of the parent pool; `name` is then a child pool's name. */
  readonly parentResourcePoolId?: string;
}

export type GetResourcePoolOutputArgs = InputsOf<GetResourcePoolArgs>;

export interface GetResourcePoolResult {
  /** The managed object ID of the resource pool. */
  readonly id: string;
  /** The name of the resource pool. */
  readonly name?: string;
  /** The managed object ID of the datacenter the resource pool is in. */
  readonly datacenterId?: string;
  /** The managed object ID of the parent resource pool. */
  readonly parentResourcePoolId?: string;
}

/** Looks up a resource pool by name or path. */
export function getResourcePool(
  args: GetResourcePoolArgs = {},
  opts?: pulumi.InvokeOptions,
): Promise<GetResourcePoolResult> {
  return invoke<GetResourcePoolResult>(GET_RESOURCE_POOL, args, opts);
}

/** Looks up a resource pool by name or path; the Output form of `getResourcePool`. */
export function getResourcePoolOutput(
  args: GetResourcePoolOutputArgs = {},
  opts?: pulumi.InvokeOutputOptions,
): pulumi.Output<GetResourcePoolResult> {
  return invokeOutput<GetResourcePoolResult>(GET_RESOURCE_POOL, args, opts);
}
