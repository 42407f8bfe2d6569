// Fake state of Proxmox VE (@muhlba91/pulumi-proxmoxve) resources and answers of its functions for
// the mocks (see mocks.ts). A VM gets what the real provider reads back once the guest agent
// reports: a VM id (from the provider's random range, by hash: the same name always gets the
// same id), MAC addresses (Proxmox's BC:24:11 prefix) and the guest's addresses, loopback first,
// one list per network device: the static address of its cloud-init ipConfig, else (DHCP) an
// address in 10.x picked by hash, since the NetworkConfiguration's subnet is not visible here.
import { fakeHex, ipFromHash, type CloudMocks, type FakeState } from './mock-values';

const VM = 'proxmoxve:index/vmLegacy:VmLegacy';
const FILE = 'proxmoxve:index/fileLegacy:FileLegacy';
const RULES = 'proxmoxve:firewall/rulesLegacy:RulesLegacy';
const OPTIONS = 'proxmoxve:firewall/optionsLegacy:OptionsLegacy';

/** Start and size of the VM id range the program asks the provider to pick from. */
const VM_ID_START = 10000;
const VM_ID_SPAN = 90000;

/** The key by which the mocks mark a secret input (`{[SECRET_SIG]: ..., value}`). */
const SECRET_SIG = '4dabf18193072939515e22adb298388d';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The value inside a secret input, or the input itself. */
function reveal(v: unknown): unknown {
  return isRecord(v) && SECRET_SIG in v ? v.value : v;
}

function records(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? v.filter(isRecord) : [];
}

/** The address part of a cloud-init address (`10.0.0.5/24` -> `10.0.0.5`); undefined for DHCP. */
function staticAddress(ipConfig: Record<string, unknown> | undefined, family: 'ipv4' | 'ipv6') {
  const block = ipConfig?.[family];
  const address = isRecord(block) ? block.address : undefined;
  if (typeof address !== 'string' || address === 'dhcp' || address === 'auto') return undefined;
  return address.split('/')[0];
}

function fakeMac(name: string, index: number): string {
  const hex = fakeHex([name, 'mac', String(index)], 6).toUpperCase();
  return `BC:24:11:${hex.slice(0, 2)}:${hex.slice(2, 4)}:${hex.slice(4, 6)}`;
}

function vmState(name: string, inputs: Record<string, unknown>): FakeState {
  const hex = fakeHex([VM, name]);
  const vmId =
    typeof inputs.vmId === 'number'
      ? inputs.vmId
      : VM_ID_START + (parseInt(hex.slice(0, 6), 16) % VM_ID_SPAN);
  const node = typeof inputs.nodeName === 'string' ? inputs.nodeName : 'pve';
  const devices = records(inputs.networkDevices).map((d, i) => ({
    ...d,
    macAddress: typeof d.macAddress === 'string' ? d.macAddress : fakeMac(name, i),
  }));
  const initialization = reveal(inputs.initialization);
  const init = isRecord(initialization) ? initialization : undefined;
  const ipConfigs = records(init?.ipConfigs);
  const ipv4 = devices.map((_, i) => {
    const fixed = staticAddress(ipConfigs[i], 'ipv4');
    if (fixed !== undefined) return [fixed];
    // An interface configured for IPv6 only reports no IPv4 address.
    if (staticAddress(ipConfigs[i], 'ipv6') !== undefined) return [];
    return [ipFromHash(fakeHex([name, 'dhcp', String(i)]), '10.99')];
  });
  const ipv6 = devices.map((_, i) => {
    const fixed = staticAddress(ipConfigs[i], 'ipv6');
    return fixed !== undefined ? [fixed] : [];
  });
  const disks = records(inputs.disks).map((d, i) => ({
    ...d,
    pathInDatastore: `vm-${String(vmId)}-disk-${String(i)}`,
  }));
  return {
    id: String(vmId),
    state: {
      ...inputs,
      vmId,
      nodeName: node,
      networkDevices: devices,
      disks,
      // What the guest agent reports: loopback first, then one entry per network device.
      networkInterfaceNames: ['lo', ...devices.map((_, i) => `eth${String(i)}`)],
      macAddresses: ['00:00:00:00:00:00', ...devices.map((d) => d.macAddress)],
      ipv4Addresses: [['127.0.0.1'], ...ipv4],
      ipv6Addresses: [['::1'], ...ipv6],
    },
  };
}

function proxmoxState(type: string, name: string, inputs: Record<string, unknown>): FakeState {
  switch (type) {
    case VM:
      return vmState(name, inputs);
    case FILE: {
      // The real id: `<datastore>:<content type>/<file name>`.
      const source = reveal(inputs.sourceRaw);
      const raw = isRecord(source) ? source : undefined;
      const file = typeof raw?.fileName === 'string' ? raw.fileName : name;
      const store = typeof inputs.datastoreId === 'string' ? inputs.datastoreId : 'local';
      const content = typeof inputs.contentType === 'string' ? inputs.contentType : 'snippets';
      const id = `${store}:${content}/${file}`;
      return { id, state: { ...inputs, fileName: file, fileSize: 0 } };
    }
    case RULES:
    case OPTIONS: {
      // Import ids of the real provider: `vm/<node>/<vmid>`.
      const node = typeof inputs.nodeName === 'string' ? inputs.nodeName : 'pve';
      const vmId = typeof inputs.vmId === 'number' ? String(inputs.vmId) : fakeHex([type, name]);
      return { id: `vm/${node}/${vmId}`, state: { ...inputs } };
    }
    default:
      return { id: `${name}-${fakeHex([type, name])}`, state: { ...inputs } };
  }
}

function proxmoxCall(): Record<string, unknown> | undefined {
  return undefined;
}

export const PROXMOX_MOCKS: CloudMocks = {
  pkg: 'proxmoxve',
  state: proxmoxState,
  call: proxmoxCall,
};
