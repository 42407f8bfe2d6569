// Cluster add-ons installed with Helm.
export {
  HelmAddons,
  planHelmAddons,
  type HelmAddon,
  type HelmAddonsArgs,
  type PlannedRelease,
  type ReleaseSummary,
} from './helm-addons';
export {
  ALIASES,
  BUILT_IN,
  CHARTS,
  CLOUDS,
  chartVersion,
  knownAddonNames,
  looksLikeAppVersion,
  mergeValues,
  resolveAddon,
  withoutSecretRefs,
  type ChartContext,
  type ChartEntry,
  type Cloud,
  type Resolved,
  type SecretReference,
  type Values,
} from './charts';
