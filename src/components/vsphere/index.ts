export {
  Inventory,
  tagName,
  validateInventoryArgs,
  type InventoryArgs,
  type InventoryTag,
} from './inventory';
export {
  Machine,
  cloneDisks,
  dataDiskLabel,
  ROOT_DISK_LABEL,
  type MachineDiskInfo,
} from './machine';
export {
  DISK_PROVISIONING,
  controllersFor,
  memoryOf,
  validateMachineArgs,
  type DiskProvisioning,
  type MachineArgs,
  type MachineCustomization,
  type MachineDataDisk,
  type MachineNic,
  type MachineTemplate,
  type StaticAddress,
} from './machine-args';
export {
  CREDENTIAL_KEYS,
  credentialsFromSecret,
  vsphereProvider,
  vsphereServer,
  type VsphereCredentials,
  type VsphereProviderArgs,
} from './provider';
