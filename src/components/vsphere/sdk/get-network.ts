// vsphere:index/getNetwork:getNetwork: looks up a network (standard or distributed port group,
// opaque network), hand-written in the shape of the generated function and its Output form.
import type * as pulumi from '@pulumi/pulumi';
import { invoke, invokeOutput, type FunctionSpec, type InputsOf, type TypeSpec } from './utilities';

/** A filter that tells networks of the same name apart. */
export interface GetNetworkFilter {
  /** The network type, e.g. `DistributedVirtualPortgroup`, `Network` or `OpaqueNetwork`. */
  readonly networkType?: string;
}

export const GET_NETWORK_FILTER = {
  fields: ['networkType'],
  required: [],
} as const satisfies TypeSpec;

export const GET_NETWORK = {
  token: 'vsphere:index/getNetwork:getNetwork',
  inputs: [
    'name',
    'datacenterId',
    'distributedVirtualSwitchUuid',
    'filters',
    'retryInterval',
    'retryTimeout',
  ],
  required: ['name'],
  outputs: ['id', 'name', 'type', 'datacenterId', 'distributedVirtualSwitchUuid', 'filters'],
  nested: { filters: GET_NETWORK_FILTER },
} as const satisfies FunctionSpec;

export interface GetNetworkArgs {
  /** The name or path of the network. */
  readonly name: string;
  /** The managed object ID of the datacenter the network is in (not needed on ESXi). */
  readonly datacenterId?: string;
  /** For a distributed port group, the ID of the distributed virtual switch it belongs to. */
  readonly distributedVirtualSwitchUuid?: string;
  /** Filters that tell networks of the same name apart. */
  readonly filters?: GetNetworkFilter[];
  /** Milliseconds between retries when `retryTimeout` is set. */
  readonly retryInterval?: number;
  /** Seconds to keep retrying the lookup. */
  readonly retryTimeout?: number;
}

export type GetNetworkOutputArgs = InputsOf<GetNetworkArgs>;

export interface GetNetworkResult {
  /** The managed object ID of the network. */
  readonly id: string;
  /** The name of the network. */
  readonly name: string;
  /** The managed object type: `DistributedVirtualPortgroup`, `Network` or `OpaqueNetwork`. */
  readonly type: string;
  /** The managed object ID of the datacenter the network is in. */
  readonly datacenterId?: string;
  /** For a distributed port group, the ID of its distributed virtual switch. */
  readonly distributedVirtualSwitchUuid?: string;
  /** The filters the lookup used. */
  readonly filters?: GetNetworkFilter[];
}

/** Looks up a network by name. */
export function getNetwork(
  args: GetNetworkArgs,
  opts?: pulumi.InvokeOptions,
): Promise<GetNetworkResult> {
  return invoke<GetNetworkResult>(GET_NETWORK, args, opts);
}

/** Looks up a network by name; the Output form of `getNetwork`. */
export function getNetworkOutput(
  args: GetNetworkOutputArgs,
  opts?: pulumi.InvokeOutputOptions,
): pulumi.Output<GetNetworkResult> {
  return invokeOutput<GetNetworkResult>(GET_NETWORK, args, opts);
}
