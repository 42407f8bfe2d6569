// vsphere:index/getDatacenter:getDatacenter: looks up a datacenter, hand-written in the shape of
// the generated @pulumi/vsphere function and its Output form.
import type * as pulumi from '@pulumi/pulumi';
import { invoke, invokeOutput, type FunctionSpec, type InputsOf } from './utilities';

export const GET_DATACENTER = {
  token: 'vsphere:index/getDatacenter:getDatacenter',
  inputs: ['name'],
  required: [],
  outputs: ['id', 'name', 'virtualMachines'],
  nested: {},
} as const satisfies FunctionSpec;

export interface GetDatacenterArgs {
  /** The name or path of the datacenter; may be left out when there is only one. */
  readonly name?: string;
}

export type GetDatacenterOutputArgs = InputsOf<GetDatacenterArgs>;

export interface GetDatacenterResult {
  /** The managed object ID of the datacenter. */
  readonly id: string;
  /** The name of the datacenter. */
  readonly name?: string;
  /** The virtual machines in the datacenter. */
  readonly virtualMachines: string[];
}

/** Looks up a datacenter by name. */
export function getDatacenter(
  args: GetDatacenterArgs = {},
  opts?: pulumi.InvokeOptions,
): Promise<GetDatacenterResult> {
  return invoke<GetDatacenterResult>(GET_DATACENTER, args, opts);
}

/** Looks up a datacenter by name; the Output form of `getDatacenter`. */
export function getDatacenterOutput(
  args: GetDatacenterOutputArgs = {},
  opts?: pulumi.InvokeOutputOptions,
): pulumi.Output<GetDatacenterResult> {
  return invokeOutput<GetDatacenterResult>(GET_DATACENTER, args, opts);
}
