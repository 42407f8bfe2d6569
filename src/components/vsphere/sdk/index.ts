// Hand-written typed bindings for the vSphere provider (pulumi-vsphere v4.17.0), standing in for
// @pulumi/vsphere, which cannot be installed here. Import as `import * as vsphere from './sdk'`.
export {
  ComputeClusterVmAntiAffinityRule,
  type ComputeClusterVmAntiAffinityRuleArgs,
} from './compute-cluster-vm-anti-affinity-rule';
export { Folder, type FolderArgs } from './folder';
export {
  getComputeCluster,
  getComputeClusterOutput,
  type GetComputeClusterArgs,
  type GetComputeClusterOutputArgs,
  type GetComputeClusterResult,
} from './get-compute-cluster';
export {
  getDatacenter,
  getDatacenterOutput,
  type GetDatacenterArgs,
  type GetDatacenterOutputArgs,
  type GetDatacenterResult,
} from './get-datacenter';
export {
  getDatastore,
  getDatastoreOutput,
  type GetDatastoreArgs,
  type GetDatastoreOutputArgs,
  type GetDatastoreResult,
} from './get-datastore';
export {
  getNetwork,
  getNetworkOutput,
  type GetNetworkArgs,
  type GetNetworkFilter,
  type GetNetworkOutputArgs,
  type GetNetworkResult,
} from './get-network';
export {
  getResourcePool,
  getResourcePoolOutput,
  type GetResourcePoolArgs,
  type GetResourcePoolOutputArgs,
  type GetResourcePoolResult,
} from './get-resource-pool';
export {
  getVirtualMachine,
  getVirtualMachineOutput,
  type GetVirtualMachineArgs,
  type GetVirtualMachineDisk,
  type GetVirtualMachineNetworkInterface,
  type GetVirtualMachineOutputArgs,
  type GetVirtualMachineResult,
} from './get-virtual-machine';
export { Provider, type ProviderArgs } from './provider';
export { Tag, type TagArgs } from './tag';
export { TagCategory, type TagCategoryArgs } from './tag-category';
export { VERSION } from './utilities';
export { VirtualMachine, type VirtualMachineArgs } from './virtual-machine';
export type {
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
} from './virtual-machine-types';
