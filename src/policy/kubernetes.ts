// Kubernetes control plane policies: an API endpoint that is private or limited to known
// networks, and audit logs of the API server.
import type { PolicyResource, ReportViolation } from '@pulumi/policy/policy';
import { cidrContains, parseCidr, type Cidr } from '../api/schema/formats';
import { configValue, isStringList, label, show, UNKNOWN, type Unknown } from './checks';
import { elements, isWorldCidr, read, strings } from './checks';
import { linked } from './links';
import {
  isOneOf,
  type ResourceValidationArgs,
  type ResourceValidationPolicy,
  type StackValidationPolicy,
  type VitistackPolicy,
} from './types';

const EKS_CLUSTER = 'aws:eks/cluster:Cluster';
const AKS_CLUSTER = 'azure-native:containerservice:ManagedCluster';
const GKE_CLUSTER = 'gcp:container/cluster:Cluster';
// azure-native 3.x registers diagnostic settings under `monitor`; `insights` is the 2.x token.
const AZURE_DIAGNOSTIC_SETTINGS = [
  'azure-native:monitor:DiagnosticSetting',
  'azure-native:insights:DiagnosticSetting',
];

// ---------------------------------------------------------------------------------------------
// restricted-api-endpoint

const ENDPOINT_FIX: Readonly<Record<string, string>> = {
  [EKS_CLUSTER]:
    'set spec.eks.clusterConfig.endpointAccess.public to false in the KubernetesProvider (and reach the API from inside the VPC), or list only your admin networks in spec.eks.clusterConfig.endpointAccess.publicCIDRs',
  [AKS_CLUSTER]:
    'set spec.aks.clusterConfig.privateCluster to true in the KubernetesProvider, or list only your admin networks in spec.aks.clusterConfig.authorizedIPRanges',
  [GKE_CLUSTER]:
    'list only your admin networks in spec.gke.clusterConfig.masterAuthorizedNetworks of the KubernetesProvider, or make the endpoint private (privateClusterConfig.enablePrivateEndpoint)',
};

/** A CIDR block, or a single address read as /32 (/128); undefined when unreadable. */
function cidrOf(text: string): Cidr | undefined {
  const t = text.trim();
  return parseCidr(t.includes('/') ? t : `${t}/${t.includes(':') ? 128 : 32}`).cidr;
}

/** Problems with a list of CIDRs allowed to reach a public endpoint (one sentence part each). */
function cidrProblems(
  cidrs: readonly (string | Unknown)[],
  pathOf: (i: number) => string,
  allowed: readonly string[],
): string[] {
  const allowedCidrs = allowed.map(cidrOf).filter((c): c is Cidr => c !== undefined);
  const out: string[] = [];
  cidrs.forEach((c, i) => {
    if (c === UNKNOWN) return;
    if (isWorldCidr(c)) {
      out.push(`must not be open to the internet (${pathOf(i)} is "${c}")`);
      return;
    }
    const cidr = cidrOf(c);
    if (allowedCidrs.length === 0) return;
    if (cidr === undefined || !allowedCidrs.some((a) => cidrContains(a, cidr))) {
      out.push(
        `must be limited to the allowed CIDRs (${allowed.join(', ')}), but ${pathOf(i)} is "${c}"`,
      );
    }
  });
  return out;
}

/** The problems of one cluster's endpoint: "must ..." clauses; empty when restricted or unknown. */
function endpointProblems(args: ResourceValidationArgs, allowed: readonly string[]): string[] {
  const props = args.props;
  if (args.type === EKS_CLUSTER) {
    const pub = read(props, ['vpcConfig', 'endpointPublicAccess']);
    // AWS makes the endpoint public when endpointPublicAccess is unset.
    if (pub === UNKNOWN || pub === false) return [];
    const cidrs = strings(read(props, ['vpcConfig', 'publicAccessCidrs']));
    if (cidrs === UNKNOWN) return [];
    if (cidrs.length === 0) {
      return [
        'must be private or limited to listed CIDRs, but vpcConfig.publicAccessCidrs is unset (AWS then allows 0.0.0.0/0)',
      ];
    }
    return cidrProblems(cidrs, (i) => `vpcConfig.publicAccessCidrs[${i}]`, allowed);
  }
  if (args.type === AKS_CLUSTER) {
    const profile = ['apiServerAccessProfile'];
    const isPrivate = read(props, [...profile, 'enablePrivateCluster']);
    if (isPrivate === UNKNOWN || isPrivate === true) return [];
    const ranges = strings(read(props, [...profile, 'authorizedIPRanges']));
    if (ranges === UNKNOWN) return [];
    if (ranges.length === 0) {
      return [
        'must be private or limited to listed CIDRs, but apiServerAccessProfile.enablePrivateCluster and apiServerAccessProfile.authorizedIPRanges are unset (the API server is then open to the internet)',
      ];
    }
    return cidrProblems(ranges, (i) => `apiServerAccessProfile.authorizedIPRanges[${i}]`, allowed);
  }
  const isPrivate = read(props, ['privateClusterConfig', 'enablePrivateEndpoint']);
  if (isPrivate === UNKNOWN || isPrivate === true) return [];
  const networks = read(props, ['masterAuthorizedNetworksConfig']);
  if (networks === UNKNOWN) return [];
  if (networks === undefined) {
    return [
      'must be private or limited to listed CIDRs, but masterAuthorizedNetworksConfig is unset (the endpoint is then open to the internet)',
    ];
  }
  // A config without blocks admits no outside network: restricted.
  const blocks = elements(read(networks, ['cidrBlocks'])).map((b) => {
    const cidr = read(b, ['cidrBlock']);
    return cidr === UNKNOWN || typeof cidr === 'string' ? cidr : '';
  });
  return cidrProblems(
    blocks,
    (i) => `masterAuthorizedNetworksConfig.cidrBlocks[${i}].cidrBlock`,
    allowed,
  );
}

export const restrictedApiEndpoint: ResourceValidationPolicy = {
  name: 'restricted-api-endpoint',
  description:
    'Checks that the Kubernetes API endpoint of EKS, AKS and GKE clusters is private, or public only to listed networks that never include 0.0.0.0/0 (and, when configured, lie within allowedCidrs).',
  enforcementLevel: 'advisory',
  tags: ['SOC2', 'PCI-DSS', 'ISO27001', 'HIPAA'],
  remediationSteps:
    'Make the API endpoint private and reach it through the VPC (a VPN or bastion), or allow only the networks administrators and CI connect from. In a KubernetesProvider: eks endpointAccess.public false or publicCIDRs; aks privateCluster or authorizedIPRanges; gke masterAuthorizedNetworks.',
  configSchema: {
    properties: {
      allowedCidrs: {
        type: 'array',
        items: { type: 'string' },
        default: [],
        description:
          'Networks a public endpoint may be opened to (e.g. ["203.0.113.0/24"]); every listed CIDR must lie within one. Defaults to [] (any network except 0.0.0.0/0 and ::/0).',
      },
    },
  },
  validateResource: (args, report) => {
    if (!isOneOf(args, [EKS_CLUSTER, AKS_CLUSTER, GKE_CLUSTER])) return;
    const allowed = configValue<readonly string[]>(args, 'allowedCidrs', [], isStringList);
    for (const problem of endpointProblems(args, allowed)) {
      report(
        `${label(args)}: the public Kubernetes API endpoint ${problem}; ${ENDPOINT_FIX[args.type] ?? ''}.`,
      );
    }
  },
};

// ---------------------------------------------------------------------------------------------
// control-plane-audit-logging

/** EKS control plane log types required by default: who called the API and what they did. */
export const DEFAULT_REQUIRED_LOG_TYPES: readonly string[] = ['api', 'audit', 'authenticator'];
/** GKE logging components required by default: the API server's (audit) logs. */
export const DEFAULT_REQUIRED_GKE_COMPONENTS: readonly string[] = ['APISERVER'];
/** AKS diagnostic log categories that hold the API server audit log. */
const AKS_AUDIT_CATEGORIES = ['kube-audit', 'kube-audit-admin'];
const AKS_AUDIT_GROUPS = ['audit', 'alllogs'];

/** What is missing from an enabled list; undefined when unknown. */
function missingFrom(
  value: unknown,
  required: readonly string[],
): { missing: string[]; shown: string } | undefined {
  const enabled = strings(value);
  if (enabled === UNKNOWN || enabled.includes(UNKNOWN)) return undefined;
  const missing = required.filter((t) => !enabled.includes(t));
  return { missing, shown: show(value) };
}

function checkEks(r: PolicyResource, required: readonly string[], report: ReportViolation): void {
  const found = missingFrom(read(r.props, ['enabledClusterLogTypes']), required);
  if (found === undefined || found.missing.length === 0) return;
  report(
    `${label(r)}: control plane logs must include ${found.missing.join(', ')}, but enabledClusterLogTypes is ${found.shown}; add ${found.missing.map((t) => `"${t}"`).join(', ')} to spec.eks.clusterConfig.logging.enabled of the KubernetesProvider.`,
    r.urn,
  );
}

function checkGke(r: PolicyResource, required: readonly string[], report: ReportViolation): void {
  const found = missingFrom(read(r.props, ['loggingConfig', 'enableComponents']), required);
  if (found === undefined || found.missing.length === 0) return;
  report(
    `${label(r)}: control plane logs must include ${found.missing.join(', ')}, but loggingConfig.enableComponents is ${found.shown}; enable the API server logs ("api" in spec.gke.clusterConfig.logging.enabled of the KubernetesProvider).`,
    r.urn,
  );
}

/** Whether a diagnostic setting sends audit logs: true, false or UNKNOWN. */
function sendsAuditLogs(setting: PolicyResource): boolean | Unknown {
  const logs = elements(read(setting.props, ['logs']));
  let unknown = false;
  for (const log of logs) {
    const enabled = read(log, ['enabled']);
    const category = read(log, ['category']);
    const group = read(log, ['categoryGroup']);
    if ([log, enabled, category, group].includes(UNKNOWN)) {
      unknown = true;
      continue;
    }
    const audit =
      (typeof category === 'string' && AKS_AUDIT_CATEGORIES.includes(category.toLowerCase())) ||
      (typeof group === 'string' && AKS_AUDIT_GROUPS.includes(group.toLowerCase()));
    if (audit && enabled === true) return true;
  }
  return unknown ? UNKNOWN : false;
}

function checkAks(
  r: PolicyResource,
  settings: readonly PolicyResource[],
  report: ReportViolation,
): void {
  let unknown = false;
  for (const s of settings) {
    const targets = linked(s, 'resourceUri', [r]);
    if (targets === UNKNOWN) {
      unknown = true;
      continue;
    }
    if (targets.length === 0) continue;
    const sends = sendsAuditLogs(s);
    if (sends === true) return;
    if (sends === UNKNOWN) unknown = true;
  }
  if (unknown) return;
  report(
    `${label(r)}: control plane audit logs must be collected, but no diagnostic setting (azure-native:monitor:DiagnosticSetting) for it enables the kube-audit (or kube-audit-admin) log category; add "audit" to spec.aks.clusterConfig.logging.enabled of the KubernetesProvider, or create a diagnostic setting with that category.`,
    r.urn,
  );
}

export const controlPlaneAuditLogging: StackValidationPolicy = {
  name: 'control-plane-audit-logging',
  description:
    'Checks that Kubernetes control planes keep audit logs: EKS enabledClusterLogTypes has the required types (api, audit, authenticator), GKE loggingConfig enables APISERVER, and every AKS cluster has a diagnostic setting sending kube-audit logs.',
  enforcementLevel: 'advisory',
  tags: ['SOC2', 'HIPAA', 'PCI-DSS', 'ISO27001'],
  remediationSteps:
    'Turn on the API server audit logs of the control plane and keep them in the log service (CloudWatch, Cloud Logging, Azure Monitor). In a KubernetesProvider, list the log types in clusterConfig.logging.enabled (eks: api, audit, authenticator; gke: api; aks: audit).',
  configSchema: {
    properties: {
      requiredLogTypes: {
        type: 'array',
        items: {
          type: 'string',
          enum: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'],
        },
        default: [...DEFAULT_REQUIRED_LOG_TYPES],
        description: 'EKS control plane log types that must be enabled.',
      },
      requiredGkeComponents: {
        type: 'array',
        items: { type: 'string' },
        default: [...DEFAULT_REQUIRED_GKE_COMPONENTS],
        description: 'GKE loggingConfig components that must be enabled.',
      },
    },
  },
  validateStack: (args, report) => {
    const resources = args.resources;
    if (!resources.some((r) => isOneOf(r, [EKS_CLUSTER, AKS_CLUSTER, GKE_CLUSTER]))) {
      args.notApplicable('the stack has no EKS, AKS or GKE cluster');
    }
    const eks = configValue(args, 'requiredLogTypes', DEFAULT_REQUIRED_LOG_TYPES, isStringList);
    const gke = configValue(
      args,
      'requiredGkeComponents',
      DEFAULT_REQUIRED_GKE_COMPONENTS,
      isStringList,
    );
    const settings = resources.filter((r) => AZURE_DIAGNOSTIC_SETTINGS.includes(r.type));
    for (const r of resources) {
      if (r.type === EKS_CLUSTER) checkEks(r, eks, report);
      else if (r.type === GKE_CLUSTER) checkGke(r, gke, report);
      else if (r.type === AKS_CLUSTER) checkAks(r, settings, report);
    }
  },
};

export const KUBERNETES_POLICIES: readonly VitistackPolicy[] = [
  restrictedApiEndpoint,
  controlPlaneAuditLogging,
];
