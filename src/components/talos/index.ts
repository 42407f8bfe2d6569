// Talos clusters on existing machines, and the machine-configuration patches they apply.
export {
  MACHINE_TYPES,
  TAINT_EFFECTS,
  TALOS_CNIS,
  machineTypePatch,
  machineTypePatchDocument,
  nodePatch,
  nodePatchDocument,
  patchText,
  taintValue,
  type MachineTypePatchArgs,
  type NodePatchArgs,
  type NodeTaint,
  type StaticNetwork,
  type TalosCni,
  type TalosMachineType,
} from './config-patches';
export {
  TalosCluster,
  validateTalosClusterArgs,
  type TalosClusterArgs,
  type TalosNodeArgs,
  type TalosNodeSummary,
} from './talos-cluster';
