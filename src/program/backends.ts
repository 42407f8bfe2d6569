// The on-premises MachineProvider types and machine-built distributions the program builds, one
// program each (see backend.ts). Each listed here must also be in BUILT_MACHINE_PROVIDER_TYPES /
// BUILT_DISTRIBUTIONS (src/model/defaults.ts).
import type { ClusterBackendProgram, MachineBackendProgram } from './backend';
import { KUBEVIRT_BACKEND } from './kubevirt/program';
import { PROXMOX_BACKEND } from './proxmox/program';
import { TALOS_PROGRAM } from './talos/program';
import { VSPHERE_BACKEND } from './vsphere/program';

export const MACHINE_BACKENDS: readonly MachineBackendProgram[] = [
  PROXMOX_BACKEND,
  VSPHERE_BACKEND,
  KUBEVIRT_BACKEND,
];

export const CLUSTER_BACKENDS: readonly ClusterBackendProgram[] = [TALOS_PROGRAM];
