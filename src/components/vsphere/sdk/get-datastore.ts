// vsphere:index/getDatastore:getDatastore: looks up a datastore, hand-written in the shape of the
// generated @pulumi/vsphere function and its Output form.
import type * as pulumi from '@pulumi/pulumi';
import { invoke, invokeOutput, type FunctionSpec, type InputsOf } from './utilities';

export const GET_DATASTORE = {
  token: 'vsphere:index/getDatastore:getDatastore',
  inputs: ['name', 'datacenterId', 'stats'],
  required: ['name'],
  outputs: ['id', 'name', 'datacenterId', 'stats'],
  nested: {},
} as const satisfies FunctionSpec;

export interface GetDatastoreArgs {
  /** The name or path of the datastore. */
  readonly name: string;
  /** The managed object ID of the datacenter the datastore is in (not needed on ESXi). */
  readonly datacenterId?: string;
  /** Disk space statistics of the datastore (capacity and free space, in bytes). */
  readonly stats?: Record<string, string>;
}

export type GetDatastoreOutputArgs = InputsOf<GetDatastoreArgs>;

export interface GetDatastoreResult {
  /** The managed object ID of the datastore. */
  readonly id: string;
  /** The name of the datastore. */
  readonly name: string;
  /** The managed object ID of the datacenter the datastore is in. */
  readonly datacenterId?: string;
  /** Disk space statistics of the datastore (capacity and free space, in bytes). */
  readonly stats?: Record<string, string>;
}

/** Looks up a datastore by name. */
export function getDatastore(
  args: GetDatastoreArgs,
  opts?: pulumi.InvokeOptions,
): Promise<GetDatastoreResult> {
  return invoke<GetDatastoreResult>(GET_DATASTORE, args, opts);
}

/** Looks up a datastore by name; the Output form of `getDatastore`. */
export function getDatastoreOutput(
  args: GetDatastoreOutputArgs,
  opts?: pulumi.InvokeOutputOptions,
): pulumi.Output<GetDatastoreResult> {
  return invokeOutput<GetDatastoreResult>(GET_DATASTORE, args, opts);
}
