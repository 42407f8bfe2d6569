// A Talos Kubernetes cluster on machines that already exist and boot Talos: the cluster's secrets,
// one machine configuration per machine type (control plane, worker), a configuration applied to
// every node with its own patch (hostname, address, VIP, labels, taints), the etcd bootstrap on
// the first control-plane node once its configuration is applied, and the admin kubeconfig once
// the cluster is bootstrapped.
import * as pulumi from '@pulumi/pulumi';
import { formats } from '../../api/schema';
import { TOKENS } from '../tokens';
import {
  MACHINE_TYPES,
  TALOS_CNIS,
  machineTypePatch,
  nodePatch,
  type NodeTaint,
  type StaticNetwork,
  type TalosCni,
  type TalosMachineType,
} from './config-patches';
import * as talos from './sdk/index';

/** One node of the cluster: a machine that boots Talos and waits for its configuration. */
export interface TalosNodeArgs {
  /** Node name: its hostname and Kubernetes node name, unique in the cluster. */
  readonly name: string;
  readonly machineType: TalosMachineType;
  /**
   * Where the node's Talos API answers. Pass an Output of the node's machine (e.g. its planned
   * address through the machine's output): the configuration is then applied only once the
   * machine exists.
   */
  readonly address: pulumi.Input<string>;
  /** Disk Talos installs itself on, e.g. `/dev/sda` (SCSI) or `/dev/vda` (virtio). */
  readonly installDisk: string;
  /** Static address of the node's interface. Defaults to DHCP (or the platform's cloud-init). */
  readonly network?: StaticNetwork;
  /** Kubernetes labels of the node. Defaults to none. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Kubernetes taints of the node (one per key). Defaults to none. */
  readonly taints?: readonly NodeTaint[];
}

export interface TalosClusterArgs {
  /** Cluster name (the clusterId). Required. */
  readonly clusterName: string;
  /** The Kubernetes API URL every node is configured with, e.g. `https://10.0.0.10:6443`. */
  readonly endpoint: pulumi.Input<string>;
  /**
   * The control-plane VIP: Talos announces it from one healthy control-plane node (layer 2, so
   * it must be an address of the nodes' network). Defaults to none: the endpoint is a load
   * balancer, a DNS name or one node.
   */
  readonly vip?: string;
  /** Kubernetes version, e.g. `1.30.1`. Defaults to the provider's. */
  readonly kubernetesVersion?: string;
  /** Talos version the nodes run, e.g. `v1.7.4`: the configuration contract. Defaults to the provider's. */
  readonly talosVersion?: string;
  /** Installer image for installs and upgrades. Defaults to the one of the config generator. */
  readonly installImage?: string;
  /** Pod network. Defaults to Talos' `10.244.0.0/16`. */
  readonly podCIDR?: string;
  /** Service network. Defaults to Talos' `10.96.0.0/12`. */
  readonly serviceCIDR?: string;
  /** Cluster DNS domain. Defaults to `cluster.local`. */
  readonly dnsDomain?: string;
  /** `flannel` (deployed by Talos) or `none` (install one after bootstrap). Defaults to `flannel`. */
  readonly cni?: TalosCni;
  /** Whether Talos runs kube-proxy. Defaults to `true`; false when the CNI replaces it. */
  readonly kubeProxy?: boolean;
  /** Control plane first is not required: the first control-plane node listed is bootstrapped. */
  readonly nodes: readonly TalosNodeArgs[];
  /** The explicit Talos provider. Defaults to the default provider. */
  readonly provider?: talos.Provider;
}

/** A node as configured. */
export interface TalosNodeSummary {
  readonly name: string;
  readonly machineType: TalosMachineType;
  readonly address: string;
}

const DNS_NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** What is wrong with `args`, one sentence each; [] when fine. Pure (exported for tests). */
export function validateTalosClusterArgs(args: TalosClusterArgs): string[] {
  const problems: string[] = [];
  if (!DNS_NAME.test(args.clusterName)) {
    problems.push(
      `clusterName: "${args.clusterName}" is not a DNS label; use lower-case letters, digits and "-", at most 63 characters.`,
    );
  }
  if (typeof args.endpoint === 'string' && !/^https:\/\/[^/\s:]+(:\d+)?$/.test(args.endpoint)) {
    problems.push(
      `endpoint: "${args.endpoint}" is not an https URL of a host and port; use a form like "https://10.0.0.10:6443".`,
    );
  }
  if (args.vip !== undefined && formats.parseAddress(args.vip) === undefined) {
    problems.push(`vip: "${args.vip}" is not an IP address; use a form like "10.0.0.10".`);
  }
  if (args.cni !== undefined && !(TALOS_CNIS as readonly string[]).includes(args.cni)) {
    problems.push(`cni: "${args.cni}" is not allowed; use ${TALOS_CNIS.join(' or ')}.`);
  }
  if (!args.nodes.some((n) => n.machineType === 'controlplane')) {
    problems.push(
      'nodes: there is no controlplane node; a Talos cluster needs at least one to run etcd and the API server.',
    );
  }
  const seen = new Set<string>();
  args.nodes.forEach((n, i) => {
    const path = `nodes[${String(i)}]`;
    if (!DNS_NAME.test(n.name)) {
      problems.push(`${path}.name: "${n.name}" is not a DNS label; it becomes the hostname.`);
    }
    if (seen.has(n.name)) problems.push(`${path}.name: "${n.name}" is used by another node.`);
    seen.add(n.name);
    if (!(MACHINE_TYPES as readonly string[]).includes(n.machineType)) {
      problems.push(
        `${path}.machineType: "${n.machineType}" is not allowed; use ${MACHINE_TYPES.join(' or ')}.`,
      );
    }
    if (!n.installDisk.startsWith('/dev/')) {
      problems.push(
        `${path}.installDisk: "${n.installDisk}" is not a device path like "/dev/sda".`,
      );
    }
    const keys = (n.taints ?? []).map((t) => t.key);
    const twice = keys.filter((k, j) => keys.indexOf(k) !== j);
    if (twice.length > 0) {
      problems.push(
        `${path}.taints: key "${twice[0] ?? ''}" appears twice; Talos keeps one taint per key, so merge them.`,
      );
    }
  });
  return problems;
}

export class TalosCluster extends pulumi.ComponentResource {
  /** The Kubernetes API URL. */
  public readonly endpoint: pulumi.Output<string>;
  /** The Kubernetes version the machine configurations carry. */
  public readonly kubernetesVersion: pulumi.Output<string>;
  /** The admin kubeconfig (secret); resolves once the cluster is bootstrapped. */
  public readonly kubeconfig: pulumi.Output<string>;
  /** The Kubernetes CA certificate (base64 PEM; public, so not secret). */
  public readonly caCertificate: pulumi.Output<string>;
  /** The Talos API client credentials (talosconfig; secret). */
  public readonly clientConfiguration: pulumi.Output<talos.ClientConfiguration>;
  /** The node the cluster was bootstrapped on. */
  public readonly bootstrapNode: pulumi.Output<string>;
  /** The nodes, with the address their configuration was applied at. */
  public readonly nodes: pulumi.Output<TalosNodeSummary[]>;

  constructor(name: string, args: TalosClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    const problems = validateTalosClusterArgs(args);
    if (problems.length > 0) {
      throw new Error(
        `TalosCluster "${name}" has invalid arguments:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
      );
    }
    super(TOKENS.talos.TalosCluster, name, {}, opts);
    const provider = args.provider;
    const withProvider = provider !== undefined ? { provider } : {};
    const child = { parent: this, ...withProvider };
    const versions = {
      ...(args.kubernetesVersion !== undefined
        ? { kubernetesVersion: args.kubernetesVersion.replace(/^v/, '') }
        : {}),
      ...(args.talosVersion !== undefined ? { talosVersion: args.talosVersion } : {}),
    };

    const secrets = new talos.machine.Secrets(
      `${name}-secrets`,
      args.talosVersion !== undefined ? { talosVersion: args.talosVersion } : {},
      child,
    );
    const typePatch = machineTypePatch({
      cni: args.cni ?? 'flannel',
      kubeProxy: args.kubeProxy ?? true,
      ...(args.podCIDR !== undefined ? { podCIDR: args.podCIDR } : {}),
      ...(args.serviceCIDR !== undefined ? { serviceCIDR: args.serviceCIDR } : {}),
      ...(args.dnsDomain !== undefined ? { dnsDomain: args.dnsDomain } : {}),
      ...(args.installImage !== undefined ? { installImage: args.installImage } : {}),
    });
    // One configuration per machine type in use; each node adds its own patch when applied.
    const configs = new Map<
      TalosMachineType,
      pulumi.Output<talos.machine.GetConfigurationResult>
    >();
    for (const machineType of MACHINE_TYPES) {
      if (!args.nodes.some((n) => n.machineType === machineType)) continue;
      configs.set(
        machineType,
        talos.machine.getConfigurationOutput(
          {
            clusterName: args.clusterName,
            clusterEndpoint: args.endpoint,
            machineSecrets: secrets.machineSecrets,
            machineType,
            configPatches: [typePatch],
            docs: false,
            examples: false,
            ...versions,
          },
          child,
        ),
      );
    }

    const applies = args.nodes.map((n) => {
      const config = configs.get(n.machineType);
      // validateTalosClusterArgs allows only the machine types configured above.
      if (config === undefined) throw new Error(`no ${n.machineType} configuration`);
      return new talos.machine.ConfigurationApply(
        `${name}-${shortName(name, n.name)}-config`,
        {
          clientConfiguration: secrets.clientConfiguration,
          machineConfigurationInput: config.machineConfiguration,
          node: n.address,
          endpoint: n.address,
          configPatches: [
            nodePatch({
              hostname: n.name,
              installDisk: n.installDisk,
              ...(n.network !== undefined ? { network: n.network } : {}),
              ...(n.machineType === 'controlplane' && args.vip !== undefined
                ? { vip: args.vip }
                : {}),
              labels: n.labels ?? {},
              taints: n.taints ?? [],
            }),
          ],
        },
        child,
      );
    });

    // etcd is bootstrapped once, on one control-plane node, after its configuration is applied.
    const first = args.nodes.findIndex((n) => n.machineType === 'controlplane');
    const firstNode = args.nodes[first];
    const firstApply = applies[first];
    if (firstNode === undefined || firstApply === undefined) {
      throw new Error(`TalosCluster "${name}": no controlplane node`);
    }
    const bootstrap = new talos.machine.Bootstrap(
      `${name}-bootstrap`,
      {
        clientConfiguration: secrets.clientConfiguration,
        node: firstNode.address,
        endpoint: firstNode.address,
      },
      { ...child, dependsOn: [firstApply] },
    );
    // Reached through the Talos API of that node, not the VIP: the VIP only comes up with etcd.
    const kubeconfig = new talos.cluster.Kubeconfig(
      `${name}-kubeconfig`,
      {
        clientConfiguration: secrets.clientConfiguration,
        node: firstNode.address,
        endpoint: firstNode.address,
      },
      { ...child, dependsOn: [bootstrap] },
    );

    this.endpoint = pulumi.output(args.endpoint);
    // Validated above: there is a control-plane configuration. Its result is secret as a whole
    // (it holds the configuration); the version in it is not, and would make status secret.
    const cp = configs.get('controlplane');
    this.kubernetesVersion = pulumi.unsecret(
      cp
        ? cp.apply((c) => c.kubernetesVersion ?? args.kubernetesVersion ?? '')
        : pulumi.output(args.kubernetesVersion ?? ''),
    );
    this.kubeconfig = pulumi.secret(kubeconfig.kubeconfigRaw);
    this.caCertificate = pulumi.unsecret(
      kubeconfig.kubernetesClientConfiguration.apply((k) => k.caCertificate),
    );
    this.clientConfiguration = pulumi.secret(secrets.clientConfiguration);
    this.bootstrapNode = bootstrap.node;
    this.nodes = pulumi.all(
      args.nodes.map((n) =>
        pulumi
          .output(n.address)
          .apply((address) => ({ name: n.name, machineType: n.machineType, address })),
      ),
    );
    this.registerOutputs({
      endpoint: this.endpoint,
      kubernetesVersion: this.kubernetesVersion,
      kubeconfig: this.kubeconfig,
      caCertificate: this.caCertificate,
      clientConfiguration: this.clientConfiguration,
      bootstrapNode: this.bootstrapNode,
      nodes: this.nodes,
    });
  }
}

/** `talos-prod-ctp0` in cluster `talos-prod` -> `ctp0`: child names stay short and unique. */
function shortName(cluster: string, node: string): string {
  return node.startsWith(`${cluster}-`) ? node.slice(cluster.length + 1) : node;
}
