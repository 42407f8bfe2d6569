// The model layer: one Vitistack and the objects around it -> the StackModel of its stack
// (references, defaults, quotas, inputs hash). Pure: no Pulumi, no I/O.
export { resolveStack } from './resolve';
export {
  MODEL_ERROR_REASONS,
  ModelError,
  ModelErrors,
  objectName,
  type ModelErrorInit,
  type ModelErrorReason,
} from './errors';
export {
  MODEL_WARNING_CODES,
  type ModelWarning,
  type ModelWarningCode,
  type NodeResources,
  type ReferencedSecret,
  type ResolvedCluster,
  type ResolvedKubernetesProvider,
  type ResolvedMachine,
  type ResolvedMachineProvider,
  type ResolvedNodeGroup,
  type ResolvedSecretRef,
  type ResolveOptions,
  type SecretInfo,
  type StackModel,
} from './stack-model';
export { checkQuotas, quotaUsage, type QuotaInput, type QuotaUsage } from './quotas';
export {
  canonicalJson,
  inputsHash,
  INPUTS_HASH_VERSION,
  type HashInputs,
  type SecretVersion,
} from './inputs-hash';
export type { OperatorConfigs } from './operator-configs';
export { secretInfoOf } from './secrets';
export { bytesOf, coresOf, formatBytes, formatCores } from './sizes';
export * from './defaults';
