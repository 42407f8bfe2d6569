import { strict as assert } from 'node:assert';
import * as pulumi from '@pulumi/pulumi';
import type {
  COMPUTE_CLUSTER_VM_ANTI_AFFINITY_RULE,
  ComputeClusterVmAntiAffinityRule,
  ComputeClusterVmAntiAffinityRuleArgs,
} from '../../../src/components/vsphere/sdk/compute-cluster-vm-anti-affinity-rule';
import type { FOLDER, Folder, FolderArgs } from '../../../src/components/vsphere/sdk/folder';
import type {
  GET_COMPUTE_CLUSTER,
  GetComputeClusterArgs,
  GetComputeClusterOutputArgs,
  GetComputeClusterResult,
} from '../../../src/components/vsphere/sdk/get-compute-cluster';
import type {
  GET_DATACENTER,
  GetDatacenterArgs,
  GetDatacenterOutputArgs,
  GetDatacenterResult,
} from '../../../src/components/vsphere/sdk/get-datacenter';
import type {
  GET_DATASTORE,
  GetDatastoreArgs,
  GetDatastoreResult,
} from '../../../src/components/vsphere/sdk/get-datastore';
import type {
  GET_NETWORK,
  GET_NETWORK_FILTER,
  GetNetworkArgs,
  GetNetworkFilter,
  GetNetworkResult,
} from '../../../src/components/vsphere/sdk/get-network';
import type {
  GET_RESOURCE_POOL,
  GetResourcePoolArgs,
  GetResourcePoolResult,
} from '../../../src/components/vsphere/sdk/get-resource-pool';
import type {
  GET_VIRTUAL_MACHINE,
  GET_VIRTUAL_MACHINE_DISK,
  GET_VIRTUAL_MACHINE_NETWORK_INTERFACE,
  GetVirtualMachineArgs,
  GetVirtualMachineDisk,
  GetVirtualMachineNetworkInterface,
  GetVirtualMachineResult,
} from '../../../src/components/vsphere/sdk/get-virtual-machine';
import type { PROVIDER, ProviderArgs } from '../../../src/components/vsphere/sdk/provider';
import type { TAG, Tag, TagArgs } from '../../../src/components/vsphere/sdk/tag';
import type {
  TAG_CATEGORY,
  TagCategory,
  TagCategoryArgs,
} from '../../../src/components/vsphere/sdk/tag-category';
import type {
  VIRTUAL_MACHINE,
  VirtualMachine,
  VirtualMachineArgs,
} from '../../../src/components/vsphere/sdk/virtual-machine';
import type {
  VIRTUAL_MACHINE_CDROM,
  VIRTUAL_MACHINE_CLONE,
  VIRTUAL_MACHINE_CLONE_CUSTOMIZE,
  VIRTUAL_MACHINE_CLONE_CUSTOMIZE_LINUX_OPTIONS,
  VIRTUAL_MACHINE_CLONE_CUSTOMIZE_NETWORK_INTERFACE,
  VIRTUAL_MACHINE_DISK,
  VIRTUAL_MACHINE_NETWORK_INTERFACE,
  VIRTUAL_MACHINE_VAPP,
  VIRTUAL_MACHINE_VTPM,
  VirtualMachineCdrom,
  VirtualMachineCdromArgs,
  VirtualMachineClone,
  VirtualMachineCloneArgs,
  VirtualMachineCloneCustomizeArgs,
  VirtualMachineCloneCustomizeLinuxOptionsArgs,
  VirtualMachineCloneCustomizeNetworkInterfaceArgs,
  VirtualMachineDisk,
  VirtualMachineDiskArgs,
  VirtualMachineNetworkInterface,
  VirtualMachineNetworkInterfaceArgs,
  VirtualMachineVapp,
  VirtualMachineVappArgs,
  VirtualMachineVtpm,
  VirtualMachineVtpmArgs,
} from '../../../src/components/vsphere/sdk/virtual-machine-types';
import * as rule from '../../../src/components/vsphere/sdk/compute-cluster-vm-anti-affinity-rule';
import * as folder from '../../../src/components/vsphere/sdk/folder';
import * as getComputeCluster from '../../../src/components/vsphere/sdk/get-compute-cluster';
import * as getDatacenter from '../../../src/components/vsphere/sdk/get-datacenter';
import * as getDatastore from '../../../src/components/vsphere/sdk/get-datastore';
import * as getNetwork from '../../../src/components/vsphere/sdk/get-network';
import * as getResourcePool from '../../../src/components/vsphere/sdk/get-resource-pool';
import * as getVirtualMachine from '../../../src/components/vsphere/sdk/get-virtual-machine';
import * as sdk from '../../../src/components/vsphere/sdk/index';
import * as provider from '../../../src/components/vsphere/sdk/provider';
import * as tag from '../../../src/components/vsphere/sdk/tag';
import * as tagCategory from '../../../src/components/vsphere/sdk/tag-category';
import * as vm from '../../../src/components/vsphere/sdk/virtual-machine';
import { RecordingMocks, unwrap } from '../../../src/engine/mocks';
import { waitForRegistrations } from '../../../src/engine/render';
import {
  functionBindingTests,
  functionCase,
  isSecretInput,
  loadSchema,
  providerProblems,
  recordEngineOptions,
  resourceBindingTests,
  resourceCase,
  type BindingContext,
  type Equal,
  type Exposed,
  type OutputKeys,
  type RequiredKeys,
  type Schema,
  type Shape,
} from '../sdk-schema';

type Names<L extends readonly string[]> = L[number];
/** Compiles only when the two types are equal: a type-level test that tsc runs. */
function same<A, B>(_proof: Equal<A, B>): void {
  // Nothing at run time: the check is the call type-checking.
}

const TEMPLATE_UUID = '4213a8c2-6c1e-3a2f-9d1b-0c5b6e7f8a90';
const USERDATA = Buffer.from('#cloud-config\nhostname: web-01\n').toString('base64');

/** Mocks that answer like vSphere for the machine's computed outputs and the lookups. */
class VsphereMocks extends RecordingMocks {
  override newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
    const res = super.newResource(args);
    if (args.type === 'vsphere:index/virtualMachine:VirtualMachine') {
      Object.assign(res.state as Record<string, unknown>, {
        uuid: TEMPLATE_UUID.replace('4213', '4214'),
        moid: 'vm-1042',
        defaultIpAddress: '10.20.0.11',
        guestIpAddresses: ['10.20.0.11', 'fe80::1'],
        powerState: 'on',
      });
    }
    return res;
  }

  override call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
    const result = super.call(args);
    const name = (args.inputs as Record<string, unknown>).name;
    return { ...result, id: `${typeof name === 'string' ? name : 'found'}-id` };
  }
}

describe('vsphere sdk bindings', () => {
  const mocks = new VsphereMocks();
  let schema: Schema | undefined;
  let engine: ReturnType<typeof recordEngineOptions> | undefined;
  before(async () => {
    schema = loadSchema('vsphere-v4.17.0.schema.json');
    await mocks.install('vitistack', 'test');
    engine = recordEngineOptions();
  });
  after(() => waitForRegistrations());

  const ctx: BindingContext = {
    schema: () => schema ?? assert.fail('schema not loaded'),
    mocks,
    engine: () => engine ?? assert.fail('engine recorder not installed'),
    version: '4.17.0',
    pluginDownloadURL: '',
  };

  it('follow the schema of pulumi-vsphere 4.17.0 (no pluginDownloadURL)', () => {
    assert.equal(ctx.schema().name, 'vsphere');
    assert.equal(ctx.schema().pluginDownloadURL, undefined);
    assert.equal(sdk.VERSION, '4.17.0');
  });

  it('declare Args, outputs and results exactly as their specs say (checked by tsc)', () => {
    type VM = typeof VIRTUAL_MACHINE;
    same<keyof VirtualMachineArgs, Names<VM['inputs']>>(true);
    same<RequiredKeys<VirtualMachineArgs>, Names<VM['required']>>(true);
    same<OutputKeys<VirtualMachine>, Exposed<VM>>(true);
    type F = typeof FOLDER;
    same<keyof FolderArgs, Names<F['inputs']>>(true);
    same<RequiredKeys<FolderArgs>, Names<F['required']>>(true);
    same<OutputKeys<Folder>, Exposed<F>>(true);
    type TC = typeof TAG_CATEGORY;
    same<keyof TagCategoryArgs, Names<TC['inputs']>>(true);
    same<RequiredKeys<TagCategoryArgs>, Names<TC['required']>>(true);
    same<OutputKeys<TagCategory>, Exposed<TC>>(true);
    type T = typeof TAG;
    same<keyof TagArgs, Names<T['inputs']>>(true);
    same<RequiredKeys<TagArgs>, Names<T['required']>>(true);
    same<OutputKeys<Tag>, Exposed<T>>(true);
    type R = typeof COMPUTE_CLUSTER_VM_ANTI_AFFINITY_RULE;
    same<keyof ComputeClusterVmAntiAffinityRuleArgs, Names<R['inputs']>>(true);
    same<RequiredKeys<ComputeClusterVmAntiAffinityRuleArgs>, Names<R['required']>>(true);
    same<OutputKeys<ComputeClusterVmAntiAffinityRule>, Exposed<R>>(true);

    // Nested input types: fields and required fields; output shapes: fields plus computed.
    type Clone = typeof VIRTUAL_MACHINE_CLONE;
    same<keyof VirtualMachineCloneArgs, Names<Clone['fields']>>(true);
    same<RequiredKeys<VirtualMachineCloneArgs>, Names<Clone['required']>>(true);
    same<keyof VirtualMachineClone, Names<Clone['fields']>>(true);
    type Cust = typeof VIRTUAL_MACHINE_CLONE_CUSTOMIZE;
    same<keyof VirtualMachineCloneCustomizeArgs, Names<Cust['fields']>>(true);
    same<RequiredKeys<VirtualMachineCloneCustomizeArgs>, Names<Cust['required']>>(true);
    type Linux = typeof VIRTUAL_MACHINE_CLONE_CUSTOMIZE_LINUX_OPTIONS;
    same<keyof VirtualMachineCloneCustomizeLinuxOptionsArgs, Names<Linux['fields']>>(true);
    same<RequiredKeys<VirtualMachineCloneCustomizeLinuxOptionsArgs>, Names<Linux['required']>>(
      true,
    );
    type CNic = typeof VIRTUAL_MACHINE_CLONE_CUSTOMIZE_NETWORK_INTERFACE;
    same<keyof VirtualMachineCloneCustomizeNetworkInterfaceArgs, Names<CNic['fields']>>(true);
    same<RequiredKeys<VirtualMachineCloneCustomizeNetworkInterfaceArgs>, never>(true);
    type Disk = typeof VIRTUAL_MACHINE_DISK;
    same<keyof VirtualMachineDiskArgs, Names<Disk['fields']>>(true);
    same<RequiredKeys<VirtualMachineDiskArgs>, Names<Disk['required']>>(true);
    same<keyof VirtualMachineDisk, Shape<Disk>>(true);
    type Nic = typeof VIRTUAL_MACHINE_NETWORK_INTERFACE;
    same<keyof VirtualMachineNetworkInterfaceArgs, Names<Nic['fields']>>(true);
    same<RequiredKeys<VirtualMachineNetworkInterfaceArgs>, Names<Nic['required']>>(true);
    same<keyof VirtualMachineNetworkInterface, Shape<Nic>>(true);
    type Cd = typeof VIRTUAL_MACHINE_CDROM;
    same<keyof VirtualMachineCdromArgs, Names<Cd['fields']>>(true);
    same<keyof VirtualMachineCdrom, Shape<Cd>>(true);
    same<keyof VirtualMachineVappArgs, Names<(typeof VIRTUAL_MACHINE_VAPP)['fields']>>(true);
    same<keyof VirtualMachineVapp, Names<(typeof VIRTUAL_MACHINE_VAPP)['fields']>>(true);
    same<keyof VirtualMachineVtpmArgs, Names<(typeof VIRTUAL_MACHINE_VTPM)['fields']>>(true);
    same<keyof VirtualMachineVtpm, Names<(typeof VIRTUAL_MACHINE_VTPM)['fields']>>(true);

    // Functions: arguments, required arguments, result fields, nested result types.
    type DC = typeof GET_DATACENTER;
    same<keyof GetDatacenterArgs, Names<DC['inputs']>>(true);
    same<keyof GetDatacenterOutputArgs, Names<DC['inputs']>>(true);
    same<RequiredKeys<GetDatacenterArgs>, Names<DC['required']>>(true);
    same<keyof GetDatacenterResult, Names<DC['outputs']>>(true);
    type CC = typeof GET_COMPUTE_CLUSTER;
    same<keyof GetComputeClusterArgs, Names<CC['inputs']>>(true);
    same<keyof GetComputeClusterOutputArgs, Names<CC['inputs']>>(true);
    same<RequiredKeys<GetComputeClusterArgs>, Names<CC['required']>>(true);
    same<keyof GetComputeClusterResult, Names<CC['outputs']>>(true);
    type DS = typeof GET_DATASTORE;
    same<keyof GetDatastoreArgs, Names<DS['inputs']>>(true);
    same<RequiredKeys<GetDatastoreArgs>, Names<DS['required']>>(true);
    same<keyof GetDatastoreResult, Names<DS['outputs']>>(true);
    type RP = typeof GET_RESOURCE_POOL;
    same<keyof GetResourcePoolArgs, Names<RP['inputs']>>(true);
    same<RequiredKeys<GetResourcePoolArgs>, Names<RP['required']>>(true);
    same<keyof GetResourcePoolResult, Names<RP['outputs']>>(true);
    type N = typeof GET_NETWORK;
    same<keyof GetNetworkArgs, Names<N['inputs']>>(true);
    same<RequiredKeys<GetNetworkArgs>, Names<N['required']>>(true);
    same<keyof GetNetworkResult, Names<N['outputs']>>(true);
    same<keyof GetNetworkFilter, Names<(typeof GET_NETWORK_FILTER)['fields']>>(true);
    type GVM = typeof GET_VIRTUAL_MACHINE;
    same<keyof GetVirtualMachineArgs, Names<GVM['inputs']>>(true);
    same<RequiredKeys<GetVirtualMachineArgs>, Names<GVM['required']>>(true);
    same<keyof GetVirtualMachineResult, Names<GVM['outputs']>>(true);
    same<keyof GetVirtualMachineDisk, Names<(typeof GET_VIRTUAL_MACHINE_DISK)['fields']>>(true);
    same<
      keyof GetVirtualMachineNetworkInterface,
      Names<(typeof GET_VIRTUAL_MACHINE_NETWORK_INTERFACE)['fields']>
    >(true);

    same<keyof ProviderArgs, Names<(typeof PROVIDER)['inputs']>>(true);
  });

  const vmArgs: VirtualMachineArgs = {
    name: 'web-01',
    resourcePoolId: 'resgroup-1001',
    datastoreId: 'datastore-2002',
    folder: 'vitistack/production',
    guestId: 'ubuntu64Guest',
    firmware: 'efi',
    numCpus: 2,
    numCoresPerSocket: 2,
    memory: 4096,
    enableDiskUuid: true,
    networkInterfaces: [{ networkId: 'dvportgroup-3003', adapterType: 'vmxnet3' }],
    disks: [{ label: 'disk0', size: 40, thinProvisioned: true, unitNumber: 0 }],
    clone: {
      templateUuid: TEMPLATE_UUID,
      customize: {
        linuxOptions: { hostName: 'web-01', domain: 'prod.example.internal' },
        networkInterfaces: [{ ipv4Address: '10.20.0.11', ipv4Netmask: 24 }],
        ipv4Gateway: '10.20.0.1',
        dnsServerLists: ['10.20.0.2', '10.20.0.3'],
        dnsSuffixLists: ['prod.example.internal'],
      },
    },
    extraConfig: { 'guestinfo.userdata': USERDATA, 'guestinfo.userdata.encoding': 'base64' },
    tags: ['urn:vmomi:InventoryServiceTag:0d5d3b1e-7a4c-4d0f-9b1e-3f2a1c0d9e8f:GLOBAL'],
    waitForGuestNetTimeout: 5,
  };

  const resources = [
    resourceCase({
      spec: vm.VIRTUAL_MACHINE,
      args: vmArgs,
      make: (name, args) => new sdk.VirtualMachine(name, args),
    }),
    resourceCase<FolderArgs>({
      spec: folder.FOLDER,
      args: { path: 'vitistack/production', type: 'vm', datacenterId: 'datacenter-3' },
      make: (name, args) => new sdk.Folder(name, args),
    }),
    resourceCase<TagCategoryArgs>({
      spec: tagCategory.TAG_CATEGORY,
      args: {
        name: 'vitistack-stack',
        cardinality: 'SINGLE',
        associableTypes: ['VirtualMachine', 'Folder'],
        description: 'The Vitistack a machine belongs to.',
      },
      make: (name, args) => new sdk.TagCategory(name, args),
    }),
    resourceCase<TagArgs>({
      spec: tag.TAG,
      args: { name: 'production', categoryId: 'urn:vmomi:InventoryServiceCategory:1:GLOBAL' },
      make: (name, args) => new sdk.Tag(name, args),
    }),
    resourceCase<ComputeClusterVmAntiAffinityRuleArgs>({
      spec: rule.COMPUTE_CLUSTER_VM_ANTI_AFFINITY_RULE,
      args: {
        name: 'control-plane-apart',
        computeClusterId: 'domain-c8',
        virtualMachineIds: [TEMPLATE_UUID, TEMPLATE_UUID.replace('4213', '4215')],
        mandatory: true,
      },
      make: (name, args) => new sdk.ComputeClusterVmAntiAffinityRule(name, args),
    }),
  ];
  for (const c of resources) resourceBindingTests(ctx, c);

  const functions = [
    functionCase<GetDatacenterArgs>({
      spec: getDatacenter.GET_DATACENTER,
      args: { name: 'dc-oslo' },
      call: (args) => sdk.getDatacenter(args),
      callOutput: (args) => sdk.getDatacenterOutput(args),
    }),
    functionCase<GetComputeClusterArgs>({
      spec: getComputeCluster.GET_COMPUTE_CLUSTER,
      args: { name: 'cluster-a', datacenterId: 'datacenter-3' },
      call: (args) => sdk.getComputeCluster(args),
      callOutput: (args) => sdk.getComputeClusterOutput(args),
    }),
    functionCase<GetDatastoreArgs>({
      spec: getDatastore.GET_DATASTORE,
      args: { name: 'vsanDatastore', datacenterId: 'datacenter-3' },
      call: (args) => sdk.getDatastore(args),
      callOutput: (args) => sdk.getDatastoreOutput(args),
    }),
    functionCase<GetResourcePoolArgs>({
      spec: getResourcePool.GET_RESOURCE_POOL,
      args: { name: 'cluster-a/Resources', datacenterId: 'datacenter-3' },
      call: (args) => sdk.getResourcePool(args),
      callOutput: (args) => sdk.getResourcePoolOutput(args),
    }),
    functionCase<GetNetworkArgs>({
      spec: getNetwork.GET_NETWORK,
      args: {
        name: 'vlan-120',
        datacenterId: 'datacenter-3',
        filters: [{ networkType: 'DistributedVirtualPortgroup' }],
      },
      call: (args) => sdk.getNetwork(args),
      callOutput: (args) => sdk.getNetworkOutput(args),
    }),
    functionCase<GetVirtualMachineArgs>({
      spec: getVirtualMachine.GET_VIRTUAL_MACHINE,
      args: { name: 'templates/ubuntu-24.04', datacenterId: 'datacenter-3' },
      call: (args) => sdk.getVirtualMachine(args),
      callOutput: (args) => sdk.getVirtualMachineOutput(args),
    }),
  ];
  for (const c of functions) functionBindingTests(ctx, c);

  describe('VirtualMachine', () => {
    it('exposes the computed guest addresses and UUID a program reads', async () => {
      const m = new sdk.VirtualMachine('web-02', vmArgs);
      assert.equal(await unwrap(m.defaultIpAddress), '10.20.0.11');
      assert.deepEqual(await unwrap(m.guestIpAddresses), ['10.20.0.11', 'fe80::1']);
      assert.equal(await unwrap(m.uuid), TEMPLATE_UUID.replace('4213', '4214'));
      assert.equal(await unwrap(m.numCpus), 2);
      assert.deepEqual(await unwrap(m.clone), vmArgs.clone);
    });

    it('is told apart from other bindings by isInstance', () => {
      const m = new sdk.VirtualMachine('web-03', vmArgs);
      assert.equal(sdk.VirtualMachine.isInstance(m), true);
      assert.equal(sdk.Folder.isInstance(m), false);
      assert.equal(sdk.VirtualMachine.isInstance({}), false);
      assert.equal(sdk.VirtualMachine.isInstance(undefined), false);
    });

    it('takes the template UUID and network from lookups (Output forms)', async () => {
      const template = sdk.getVirtualMachineOutput({ name: 'templates/talos-1.12' });
      const network = sdk.getNetworkOutput({ name: 'vlan-130' });
      const m = new sdk.VirtualMachine('web-04', {
        resourcePoolId: sdk.getResourcePoolOutput({ name: 'cluster-a/Resources' }).id,
        networkInterfaces: [{ networkId: network.id }],
        clone: { templateUuid: template.id },
      });
      await unwrap(m.urn);
      await waitForRegistrations();
      const rec = mocks.one('vsphere:index/virtualMachine:VirtualMachine', 'web-04');
      assert.deepEqual(rec.inputs, {
        resourcePoolId: 'cluster-a/Resources-id',
        networkInterfaces: [{ networkId: 'vlan-130-id' }],
        clone: { templateUuid: 'templates/talos-1.12-id' },
      });
    });
  });

  describe('Provider', () => {
    it('matches the schema: inputs, JSON-encoded non-strings, secrets', () => {
      assert.deepEqual(providerProblems(ctx.schema(), provider.PROVIDER), []);
    });

    it('sends password as a secret although the schema does not mark it', () => {
      assert.notEqual(ctx.schema().provider.inputProperties?.password?.secret, true);
      assert.deepEqual(provider.PROVIDER.secretInputs, ['password']);
    });

    it('registers pulumi:providers:vsphere with JSON-encoded non-strings and a secret password', async () => {
      const p = new sdk.Provider('vcenter-oslo', {
        user: 'svc-vitistack@vsphere.local',
        password: 'not-a-real-password',
        vsphereServer: 'vcenter.oslo.example.internal',
        allowUnverifiedSsl: true,
        apiTimeout: 10,
        persistSession: false,
      });
      await unwrap(p.urn);
      await waitForRegistrations();
      const rec = mocks.one('pulumi:providers:vsphere', 'vcenter-oslo');
      assert.equal(rec.inputs.allowUnverifiedSsl, 'true');
      assert.equal(rec.inputs.apiTimeout, '10');
      assert.equal(rec.inputs.persistSession, 'false');
      assert.equal(rec.inputs.user, 'svc-vitistack@vsphere.local');
      assert.equal(rec.inputs.vsphereServer, 'vcenter.oslo.example.internal');
      assert.ok(isSecretInput(rec.inputs.password));
      assert.equal(rec.inputs.clientDebug, undefined);
      const opts = ctx.engine().resources.get('pulumi:providers:vsphere::vcenter-oslo');
      assert.ok(opts, 'no registration recorded');
      assert.equal(opts.version, '4.17.0');
      assert.equal(opts.pluginDownloadURL, '');
      assert.equal(sdk.Provider.isInstance(p), true);
      assert.equal(sdk.VirtualMachine.isInstance(p), false);
    });

    it('is the provider of resources that name it', async () => {
      const p = new sdk.Provider('vcenter-bergen', { vsphereServer: 'vcenter.bergen.example' });
      const f = new sdk.Folder('bergen', { path: 'vitistack', type: 'vm' }, { provider: p });
      await unwrap(f.urn);
      await waitForRegistrations();
      const rec = mocks.one('vsphere:index/folder:Folder', 'bergen');
      assert.match(rec.provider ?? '', /::pulumi:providers:vsphere::vcenter-bergen::/);
    });
  });
});
