// One Multus NetworkAttachmentDefinition (k8s.cni.cncf.io/v1): a VM interface bridged onto a
// Linux bridge of the nodes, tagged with the network's VLAN, at its MTU. With a static address the
// CNI's `static` IPAM gives the pod side of the interface that address and KubeVirt's bridge
// binding hands it to the guest by DHCP; without one there is no IPAM at all, so the guest talks
// to the VLAN directly (the network's own DHCP server, e.g. Kea, serves it). CNI `dhcp` IPAM is
// deliberately not used: it leases an address for the pod, not for the guest behind the bridge.
import * as kubernetes from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { formats } from '../../api/schema';
import { assertValid } from '../aws/util';
import { TOKENS } from '../tokens';
import { isDnsLabel, validateLabels } from './names';

/** The CNI spec version the bridge plugin config declares (supported by every Multus 3.x/4.x). */
export const CNI_VERSION = '0.3.1';

/** Linux interface names: up to 15 characters, no "/" or whitespace. */
const INTERFACE_NAME = /^[A-Za-z0-9_.-]{1,15}$/;

/** Static IPAM of the attachment. */
export interface StaticIpam {
  /** The address with its prefix length, e.g. `10.10.100.20/24`. Required. */
  readonly address: string;
  /** Default gateway; a default route through it is added. Defaults to none (no route). */
  readonly gateway?: string;
  readonly dnsServers?: readonly string[];
  readonly searchDomains?: readonly string[];
}

export interface NetworkAttachmentArgs {
  /** Name of the NetworkAttachmentDefinition (a DNS-1123 label). Required. */
  readonly name: string;
  /** Namespace it is created in: the namespace of the VMs that use it. Required. */
  readonly namespace: string;
  /** Linux bridge on the nodes, e.g. `br0`; the bridge plugin creates it when missing. Required. */
  readonly bridge: string;
  /** VLAN ID (1-4094) the VM's port is tagged with. Defaults to none: untagged. */
  readonly vlan?: number;
  /** MTU of the interface (576-9216). Defaults to the bridge's MTU. */
  readonly mtu?: number;
  /** Static address of the one interface using it. Defaults to none: no IPAM (DHCP in the guest). */
  readonly ipam?: StaticIpam;
  /** Labels of the object. Defaults to none. */
  readonly labels?: Readonly<Record<string, string>>;
}

/** An interface address with its prefix length (host bits set, unlike a CIDR block). */
function parseHostCidr(text: string): { address: formats.Address; prefix: number } | undefined {
  const [ip = '', prefixText = ''] = text.split('/');
  const address = formats.parseAddress(ip);
  const prefix = Number(prefixText);
  const width = address?.family === 4 ? 32 : 128;
  if (address === undefined || !/^[0-9]{1,3}$/.test(prefixText) || prefix > width) return undefined;
  return { address, prefix };
}

function sameSubnet(host: { address: formats.Address; prefix: number }, other: string): boolean {
  const o = formats.parseAddress(other);
  if (o === undefined || o.family !== host.address.family) return false;
  const shift = BigInt((host.address.family === 4 ? 32 : 128) - host.prefix);
  return o.value >> shift === host.address.value >> shift;
}

/** Problems with the args (field paths relative to the args). */
export function validateNetworkAttachmentArgs(args: NetworkAttachmentArgs): string[] {
  const out: string[] = [];
  if (!isDnsLabel(args.name)) {
    out.push(
      `name: "${args.name}" is not a DNS-1123 label; use up to 63 lower-case letters, digits and "-".`,
    );
  }
  if (!isDnsLabel(args.namespace)) {
    out.push(`namespace: "${args.namespace}" is not a namespace name.`);
  }
  if (!INTERFACE_NAME.test(args.bridge)) {
    out.push(
      `bridge: "${args.bridge}" is not a Linux interface name; use up to 15 letters, digits, ".", "-" and "_", e.g. "br0".`,
    );
  }
  if (
    args.vlan !== undefined &&
    (!Number.isInteger(args.vlan) || args.vlan < 1 || args.vlan > 4094)
  ) {
    out.push(`vlan: ${args.vlan} is not a VLAN ID; use 1 to 4094.`);
  }
  if (
    args.mtu !== undefined &&
    (!Number.isInteger(args.mtu) || args.mtu < 576 || args.mtu > 9216)
  ) {
    out.push(`mtu: ${args.mtu} is outside 576-9216.`);
  }
  const ipam = args.ipam;
  if (ipam !== undefined) {
    const parsed = parseHostCidr(ipam.address);
    if (parsed === undefined) {
      out.push(
        `ipam.address: "${ipam.address}" is not an address with a prefix length; use a form like "10.10.100.20/24".`,
      );
    } else if (ipam.gateway !== undefined && !sameSubnet(parsed, ipam.gateway)) {
      out.push(
        `ipam.gateway: ${ipam.gateway} is outside ${ipam.address}; use a gateway of the same subnet.`,
      );
    }
    for (const d of ipam.dnsServers ?? []) {
      if (!formats.isIP(d)) out.push(`ipam.dnsServers: "${d}" is not an IP address.`);
    }
  }
  out.push(...validateLabels(args.labels));
  return out;
}

/** The bridge plugin's configuration (the NetworkAttachmentDefinition's spec.config, parsed). */
export function bridgeCniConfig(args: NetworkAttachmentArgs): Record<string, unknown> {
  const ipam = args.ipam;
  const v6 = ipam !== undefined && ipam.address.includes(':');
  return {
    cniVersion: CNI_VERSION,
    name: args.name,
    type: 'bridge',
    bridge: args.bridge,
    ...(args.vlan !== undefined ? { vlan: args.vlan, preserveDefaultVlan: false } : {}),
    ...(args.mtu !== undefined ? { mtu: args.mtu } : {}),
    // The VM's traffic leaves through the node's uplink of the bridge, not through the node:
    // no gateway on the bridge, no masquerading.
    isGateway: false,
    ipMasq: false,
    ipam:
      ipam === undefined
        ? {}
        : {
            type: 'static',
            addresses: [
              {
                address: ipam.address,
                ...(ipam.gateway !== undefined ? { gateway: ipam.gateway } : {}),
              },
            ],
            ...(ipam.gateway !== undefined
              ? { routes: [{ dst: v6 ? '::/0' : '0.0.0.0/0', gw: ipam.gateway }] }
              : {}),
            ...((ipam.dnsServers?.length ?? 0) > 0 || (ipam.searchDomains?.length ?? 0) > 0
              ? {
                  dns: {
                    nameservers: [...(ipam.dnsServers ?? [])],
                    search: [...(ipam.searchDomains ?? [])],
                  },
                }
              : {}),
          },
  };
}

export class NetworkAttachment extends pulumi.ComponentResource {
  /** `namespace/name`, as a VM's `networks[].multus.networkName` takes it. */
  public readonly networkName: pulumi.Output<string>;

  constructor(name: string, args: NetworkAttachmentArgs, opts?: pulumi.ComponentResourceOptions) {
    assertValid('NetworkAttachment', args.name, validateNetworkAttachmentArgs(args));
    super(TOKENS.kubevirt.NetworkAttachment, name, {}, opts);
    const nad = new kubernetes.apiextensions.CustomResource(
      `${name}-nad`,
      {
        apiVersion: 'k8s.cni.cncf.io/v1',
        kind: 'NetworkAttachmentDefinition',
        metadata: { name: args.name, namespace: args.namespace, labels: { ...args.labels } },
        spec: { config: JSON.stringify(bridgeCniConfig(args)) },
      },
      { parent: this },
    );
    // From the object's metadata, so a VM using it waits for it to exist.
    this.networkName = pulumi.interpolate`${nad.metadata.namespace}/${nad.metadata.name}`;
    this.registerOutputs({ networkName: this.networkName });
  }
}
