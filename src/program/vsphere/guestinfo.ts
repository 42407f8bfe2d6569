// The guestinfo metadata document of a VM, read by cloud-init's VMware datasource (Machines with
// user data or SSH keys) and by Talos' vmware platform (cluster nodes): instance id, host name,
// SSH keys and a network config (version 2) matching the NICs and their planned addresses.
// Each NIC is keyed by its guest name (the interface name as written, else eth<index>) and, when
// the manifest fixes its MAC address, matched by MAC and renamed, which is the only match both
// consumers honour whatever the guest's interface naming. Without it, cloud-init still has VMware
// guest customization (Machines) to fall back on; Talos nodes have one NIC, eth0.
import { stringify } from 'yaml';
import type { VmNic } from './nics';
import { gatewaysOf } from './nics';

export interface MetadataArgs {
  /** Stable per machine: cloud-init reruns its per-instance steps when it changes. */
  readonly instanceId: string;
  readonly hostName: string;
  readonly nics: readonly VmNic[];
  readonly sshPublicKeys?: readonly string[];
}

type Ethernet = Record<string, unknown>;

function ethernet(n: VmNic, gateways: { ipv4?: string; ipv6?: string }): Ethernet {
  const a = n.planned?.address;
  const addresses = [n.ipv4, n.ipv6].flatMap((s) =>
    s !== undefined ? [`${s.address}/${String(s.prefix)}`] : [],
  );
  const out: Ethernet = {};
  if (n.macAddress !== undefined) {
    out.match = { macaddress: n.macAddress.toLowerCase() };
    out['set-name'] = n.name;
  }
  if (addresses.length > 0) {
    out.addresses = addresses;
    if (n.ipv4 !== undefined && gateways.ipv4 !== undefined && a?.gateway === gateways.ipv4) {
      out.gateway4 = gateways.ipv4;
    }
    if (n.ipv6 !== undefined && gateways.ipv6 !== undefined && a?.gateway === gateways.ipv6) {
      out.gateway6 = gateways.ipv6;
    }
  } else {
    out.dhcp4 = true;
  }
  const dns = a?.dnsServers ?? [];
  const search = a?.searchDomains ?? [];
  if (dns.length > 0 || search.length > 0) {
    out.nameservers = {
      ...(dns.length > 0 ? { addresses: [...dns] } : {}),
      ...(search.length > 0 ? { search: [...search] } : {}),
    };
  }
  if (a?.mtu !== undefined) out.mtu = a.mtu;
  return out;
}

/** The network config (version 2) of the NICs. */
export function networkConfig(nics: readonly VmNic[]): Record<string, unknown> {
  const gateways = gatewaysOf(nics);
  return {
    version: 2,
    ethernets: Object.fromEntries(nics.map((n) => [n.name, ethernet(n, gateways)])),
  };
}

/** The metadata document, as YAML (both consumers read YAML or JSON). */
export function metadataDocument(args: MetadataArgs): string {
  const keys = args.sshPublicKeys ?? [];
  return stringify({
    'instance-id': args.instanceId,
    'local-hostname': args.hostName,
    ...(keys.length > 0 ? { 'public-keys': [...keys] } : {}),
    network: networkConfig(args.nics),
  });
}
