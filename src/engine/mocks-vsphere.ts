// Fake state of vSphere (the bindings in src/components/vsphere/sdk) resources and answers of its
// functions for the mocks (see mocks.ts), in vCenter's forms: managed object IDs (`datacenter-3`,
// `datastore-12`, `resgroup-8`, `network-20`, `domain-c7`, `vm-1042`, `group-v31`), BIOS UUIDs
// starting `42` for VMs and templates, VMDK UUIDs starting `6000C29`, MACs in VMware's 00:50:56
// range and tag URNs. The same name always gets the same values.
// A VM reports what VMware Tools would once the guest is up: its default address is the first
// static address of its guest customization, else of its guestinfo network config, else (DHCP) an
// address in 10.x picked by hash: the port group's subnet is not visible to vSphere or here.
import { parse } from 'yaml';
import { fakeHex, ipFromHash, type CloudMocks, type FakeState } from './mock-values';

const VM = 'vsphere:index/virtualMachine:VirtualMachine';
const FOLDER = 'vsphere:index/folder:Folder';
const TAG_CATEGORY = 'vsphere:index/tagCategory:TagCategory';
const TAG = 'vsphere:index/tag:Tag';
const RULE = 'vsphere:index/computeClusterVmAntiAffinityRule:ComputeClusterVmAntiAffinityRule';

/** The key a mocked secret input carries (the SDK's secret signature). */
const SECRET_SIG = '4dabf18193072939515e22adb298388d';

type Rec = Record<string, unknown>;

function isRecord(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function records(v: unknown): Rec[] {
  return Array.isArray(v) ? v.filter(isRecord) : [];
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** A number in [start, start + span) picked by the hash of the parts. */
function num(parts: readonly string[], start: number, span: number): number {
  return start + (parseInt(fakeHex(parts, 6), 16) % span);
}

/** A UUID with the given prefix, e.g. `42` (VM BIOS UUIDs) or `6000c29` (VMDKs). */
function uuid(prefix: string, parts: readonly string[]): string {
  const hex = (prefix + fakeHex(parts, 32)).slice(0, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function mac(parts: readonly string[]): string {
  const hex = fakeHex(parts, 6);
  // vCenter hands out 00:50:56:80:00:00 to 00:50:56:BF:FF:FF.
  const first = (0x80 + (parseInt(hex.slice(0, 2), 16) % 0x40)).toString(16);
  return `00:50:56:${first}:${hex.slice(2, 4)}:${hex.slice(4, 6)}`;
}

/** The value of an input, unwrapped when the program sent it as a secret. */
function reveal(v: unknown): unknown {
  return isRecord(v) && SECRET_SIG in v ? v.value : v;
}

/** Static addresses of the guestinfo network config (base64 YAML), first NIC first. */
function metadataAddresses(config: unknown): string[] {
  const extraConfig = reveal(config);
  if (!isRecord(extraConfig)) return [];
  const raw = text(extraConfig['guestinfo.metadata']);
  if (raw === undefined) return [];
  const decoded =
    extraConfig['guestinfo.metadata.encoding'] === 'base64'
      ? Buffer.from(raw, 'base64').toString('utf8')
      : raw;
  const doc = parse(decoded) as unknown;
  const network = isRecord(doc) && isRecord(doc.network) ? doc.network : undefined;
  const ethernets = isRecord(network?.ethernets) ? network.ethernets : {};
  return Object.values(ethernets).flatMap((e) =>
    isRecord(e) && Array.isArray(e.addresses)
      ? e.addresses.flatMap((a) => (typeof a === 'string' ? [a.split('/')[0] ?? a] : []))
      : [],
  );
}

function vmState(name: string, inputs: Rec): FakeState {
  const id = uuid('42', [VM, name]);
  const store = text(inputs.datastoreId) ?? 'datastore-1';
  const vmName = text(inputs.name) ?? name;
  const clone = isRecord(inputs.clone) ? inputs.clone : undefined;
  const customize = isRecord(clone?.customize) ? clone.customize : undefined;
  const customized = records(customize?.networkInterfaces).flatMap((n) =>
    [text(n.ipv4Address), text(n.ipv6Address)].flatMap((a) => (a ? [a] : [])),
  );
  const statics = customized.length > 0 ? customized : metadataAddresses(inputs.extraConfig);
  const v4 = statics.filter((a) => !a.includes(':'));
  const defaultIp = v4[0] ?? statics[0] ?? ipFromHash(fakeHex([name, 'dhcp']), '10.99');
  const nics = records(inputs.networkInterfaces).map((n, i) => ({
    ...n,
    macAddress: text(n.macAddress) ?? mac([name, 'nic', String(i)]),
    bandwidthShareCount: typeof n.bandwidthShareCount === 'number' ? n.bandwidthShareCount : 50,
    key: 4000 + i,
    deviceAddress: `pci:0:${String(7 + i)}`,
  }));
  const disks = records(inputs.disks).map((d, i) => {
    const unit = typeof d.unitNumber === 'number' ? d.unitNumber : i;
    return {
      ...d,
      datastoreId: text(d.datastoreId) ?? store,
      storagePolicyId: '',
      path: `${vmName}/${vmName}${i === 0 ? '' : `_${String(i)}`}.vmdk`,
      key: 2000 + i,
      deviceAddress: `scsi:${String(Math.floor(unit / 15))}:${String(unit % 15)}`,
      uuid: uuid('6000c29', [name, 'disk', String(i)]),
    };
  });
  const linkLocal = `fe80::250:56ff:fe${fakeHex([name, 'v6'], 2)}:${fakeHex([name, 'v6b'], 4)}`;
  return {
    id,
    state: {
      ...inputs,
      uuid: id,
      moid: `vm-${String(num([VM, name], 1000, 9000))}`,
      datastoreId: store,
      networkInterfaces: nics,
      disks,
      defaultIpAddress: defaultIp,
      guestIpAddresses: [defaultIp, ...statics.filter((a) => a !== defaultIp), linkLocal],
      powerState: 'on',
      vmwareToolsStatus: 'guestToolsRunning',
      changeVersion: '2025-01-01T00:00:00.000000Z',
      imported: false,
      rebootRequired: false,
      vappTransports: [],
      vmxPath: `${vmName}/${vmName}.vmx`,
      storagePolicyId: '',
    },
  };
}

function vsphereState(type: string, name: string, inputs: Rec): FakeState {
  switch (type) {
    case VM:
      return vmState(name, inputs);
    case FOLDER:
      return { id: `group-v${String(num([type, name], 10, 990))}`, state: { ...inputs } };
    case TAG_CATEGORY:
      return {
        id: `urn:vmomi:InventoryServiceCategory:${uuid('', [type, name])}:GLOBAL`,
        state: { ...inputs, name: text(inputs.name) ?? name },
      };
    case TAG:
      return {
        id: `urn:vmomi:InventoryServiceTag:${uuid('', [type, name])}:GLOBAL`,
        state: { ...inputs, name: text(inputs.name) ?? name },
      };
    case RULE: {
      // The provider's ID: `<cluster moid>:<rule key>`.
      const cluster = text(inputs.computeClusterId) ?? 'domain-c1';
      return {
        id: `${cluster}:${String(num([type, name], 1, 999))}`,
        state: { ...inputs, name: text(inputs.name) ?? name },
      };
    }
    default:
      return { id: `${name}-${fakeHex([type, name])}`, state: { ...inputs } };
  }
}

/** A guest ID for a template, by what its name says. */
function guestIdOf(name: string): string {
  if (/win/i.test(name)) return 'windows2019srv_64Guest';
  if (/talos/i.test(name)) return 'other5xLinux64Guest';
  if (/ubuntu/i.test(name)) return 'ubuntu64Guest';
  return 'otherLinux64Guest';
}

function templateOf(name: string, inputs: Rec): Rec {
  const id = uuid('42', ['template', name]);
  return {
    ...inputs,
    id,
    name,
    uuid: id,
    moid: `vm-${String(num(['template', name], 100, 900))}`,
    instanceUuid: uuid('50', ['template', name, 'instance']),
    guestId: guestIdOf(name),
    annotation: '',
    firmware: 'efi',
    efiSecureBootEnabled: false,
    hardwareVersion: 19,
    numCpus: 2,
    numCoresPerSocket: 1,
    memory: 4096,
    scsiType: 'pvscsi',
    disks: [
      { label: 'Hard disk 1', size: 20, unitNumber: 0, thinProvisioned: true, eagerlyScrub: false },
    ],
    networkInterfaces: [
      {
        networkId: 'network-1',
        adapterType: 'vmxnet3',
        macAddress: mac(['template', name]),
        bandwidthShareCount: 50,
      },
    ],
    networkInterfaceTypes: ['vmxnet3'],
    defaultIpAddress: '',
    guestIpAddresses: [],
    vappTransports: [],
    tags: [],
    customAttributes: {},
    storagePolicyId: '',
  };
}

function vsphereCall(token: string, inputs: Rec): Record<string, unknown> | undefined {
  const name = text(inputs.name) ?? '';
  const fn = token.split(':').pop() ?? token;
  switch (fn) {
    case 'getDatacenter':
      return { ...inputs, id: `datacenter-${String(num([fn, name], 2, 98))}`, virtualMachines: [] };
    case 'getDatastore':
      return {
        ...inputs,
        id: `datastore-${String(num([fn, name], 10, 990))}`,
        stats: { capacity: String(4 * 2 ** 40), free: String(2 ** 40) },
      };
    case 'getResourcePool':
      return { ...inputs, id: `resgroup-${String(num([fn, name], 8, 992))}` };
    case 'getNetwork':
      return {
        ...inputs,
        id: `network-${String(num([fn, name], 20, 980))}`,
        type: 'Network',
      };
    case 'getComputeCluster':
      return {
        ...inputs,
        id: `domain-c${String(num([fn, name], 7, 993))}`,
        resourcePoolId: `resgroup-${String(num([fn, name, 'pool'], 8, 992))}`,
      };
    case 'getVirtualMachine':
      return templateOf(name, inputs);
    default:
      return undefined;
  }
}

export const VSPHERE_MOCKS: CloudMocks = {
  pkg: 'vsphere',
  state: vsphereState,
  call: (token, inputs) => vsphereCall(token, inputs),
};
