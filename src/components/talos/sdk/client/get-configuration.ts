// talos:client/getConfiguration:getConfiguration: renders a talosconfig (the talosctl client
// configuration) from the client credentials, hand-written in the shape of the @pulumiverse/talos
// function and its Output form. `talosConfig` is a secret output: the Output form keeps the
// provider's secret marking.
import type * as pulumi from '@pulumi/pulumi';
import { CLIENT_CONFIGURATION, type ClientConfiguration } from '../types';
import { invoke, invokeOutput, type FunctionSpec, type InputsOf } from '../utilities';

export const GET_CLIENT_CONFIGURATION = {
  token: 'talos:client/getConfiguration:getConfiguration',
  inputs: ['clientConfiguration', 'clusterName', 'endpoints', 'nodes'],
  required: ['clientConfiguration', 'clusterName'],
  outputs: ['clientConfiguration', 'clusterName', 'endpoints', 'id', 'nodes', 'talosConfig'],
  nested: { clientConfiguration: CLIENT_CONFIGURATION },
} as const satisfies FunctionSpec;

export interface GetConfigurationArgs {
  /** The client credentials (`secrets.clientConfiguration`). */
  readonly clientConfiguration: ClientConfiguration;
  /** The name of the cluster (the talosconfig context). */
  readonly clusterName: string;
  /** The Talos API endpoints to put in the talosconfig. */
  readonly endpoints?: string[];
  /** The default nodes to put in the talosconfig. */
  readonly nodes?: string[];
}

export type GetConfigurationOutputArgs = InputsOf<GetConfigurationArgs>;

export interface GetConfigurationResult {
  /** The client credentials. */
  readonly clientConfiguration: ClientConfiguration;
  /** The name of the cluster. */
  readonly clusterName: string;
  /** The Talos API endpoints in the talosconfig. */
  readonly endpoints?: string[];
  /** The ID of the configuration. */
  readonly id: string;
  /** The default nodes in the talosconfig. */
  readonly nodes?: string[];
  /** The generated talosconfig (YAML); secret. */
  readonly talosConfig: string;
}

/** Renders a talosconfig. */
export function getConfiguration(
  args: GetConfigurationArgs,
  opts?: pulumi.InvokeOptions,
): Promise<GetConfigurationResult> {
  return invoke<GetConfigurationResult>(GET_CLIENT_CONFIGURATION, args, opts);
}

/** Renders a talosconfig; the Output form of `getConfiguration`. */
export function getConfigurationOutput(
  args: GetConfigurationOutputArgs,
  opts?: pulumi.InvokeOutputOptions,
): pulumi.Output<GetConfigurationResult> {
  return invokeOutput<GetConfigurationResult>(GET_CLIENT_CONFIGURATION, args, opts);
}
