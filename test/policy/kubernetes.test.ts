import { strict as assert } from 'node:assert';
import {
  controlPlaneAuditLogging,
  KUBERNETES_POLICIES,
  restrictedApiEndpoint,
} from '../../src/policy/kubernetes';
import {
  runOnAwsProduction,
  runStack,
  shapeProblems,
  UNKNOWN_VALUE,
  type TestResource,
  resourceCases,
} from './harness';

const EKS = 'aws:eks/cluster:Cluster';
const AKS = 'azure-native:containerservice:ManagedCluster';
const GKE = 'gcp:container/cluster:Cluster';
const DIAGNOSTICS = 'azure-native:monitor:DiagnosticSetting';

const EKS_FIX =
  'set spec.eks.clusterConfig.endpointAccess.public to false in the KubernetesProvider (and reach the API from inside the VPC), or list only your admin networks in spec.eks.clusterConfig.endpointAccess.publicCIDRs.';
const AKS_FIX =
  'set spec.aks.clusterConfig.privateCluster to true in the KubernetesProvider, or list only your admin networks in spec.aks.clusterConfig.authorizedIPRanges.';
const GKE_FIX =
  'list only your admin networks in spec.gke.clusterConfig.masterAuthorizedNetworks of the KubernetesProvider, or make the endpoint private (privateClusterConfig.enablePrivateEndpoint).';

describe('policy/kubernetes', () => {
  it('every policy has the shape STYLE rule 17 asks for', () => {
    for (const p of KUBERNETES_POLICIES) assert.deepEqual(shapeProblems(p), [], p.name);
  });

  describe('restricted-api-endpoint', () => {
    const eks = (vpcConfig: Record<string, unknown>): Record<string, unknown> => ({
      vpcConfig: { subnetIds: ['subnet-1', 'subnet-2'], ...vpcConfig },
    });
    const cases: {
      name: string;
      type: string;
      props: Record<string, unknown>;
      config?: Record<string, unknown>;
      messages: string[];
    }[] = [
      {
        name: 'passes an EKS cluster with only a private endpoint',
        type: EKS,
        props: eks({ endpointPrivateAccess: true, endpointPublicAccess: false }),
        messages: [],
      },
      {
        name: 'reports an EKS endpoint open to 0.0.0.0/0',
        type: EKS,
        props: eks({ endpointPublicAccess: true, publicAccessCidrs: ['0.0.0.0/0'] }),
        messages: [
          `${EKS} c: the public Kubernetes API endpoint must not be open to the internet (vpcConfig.publicAccessCidrs[0] is "0.0.0.0/0"); ${EKS_FIX}`,
        ],
      },
      {
        name: 'reports an EKS endpoint left at the AWS defaults (public to everyone)',
        type: EKS,
        props: eks({}),
        messages: [
          `${EKS} c: the public Kubernetes API endpoint must be private or limited to listed CIDRs, but vpcConfig.publicAccessCidrs is unset (AWS then allows 0.0.0.0/0); ${EKS_FIX}`,
        ],
      },
      {
        name: 'passes an EKS endpoint limited to an admin network',
        type: EKS,
        props: eks({ endpointPublicAccess: true, publicAccessCidrs: ['203.0.113.0/24'] }),
        messages: [],
      },
      {
        name: 'passes CIDRs within the configured allowedCidrs',
        type: EKS,
        props: eks({ endpointPublicAccess: true, publicAccessCidrs: ['203.0.113.16/28'] }),
        config: { allowedCidrs: ['203.0.113.0/24'] },
        messages: [],
      },
      {
        name: 'reports a CIDR outside the configured allowedCidrs',
        type: EKS,
        props: eks({
          endpointPublicAccess: true,
          publicAccessCidrs: ['203.0.113.0/24', '198.51.100.0/24'],
        }),
        config: { allowedCidrs: ['203.0.113.0/24', '10.0.0.0/8'] },
        messages: [
          `${EKS} c: the public Kubernetes API endpoint must be limited to the allowed CIDRs (203.0.113.0/24, 10.0.0.0/8), but vpcConfig.publicAccessCidrs[1] is "198.51.100.0/24"; ${EKS_FIX}`,
        ],
      },
      {
        name: 'passes an EKS endpoint whose CIDRs are unknown during preview',
        type: EKS,
        props: eks({ endpointPublicAccess: true, publicAccessCidrs: UNKNOWN_VALUE }),
        messages: [],
      },
      {
        name: 'passes an EKS endpoint whose public access is unknown during preview',
        type: EKS,
        props: eks({ endpointPublicAccess: UNKNOWN_VALUE }),
        messages: [],
      },
      {
        name: 'passes a private AKS cluster',
        type: AKS,
        props: { apiServerAccessProfile: { enablePrivateCluster: true } },
        messages: [],
      },
      {
        name: 'reports an AKS API server without authorized ranges',
        type: AKS,
        props: { dnsPrefix: 'prod' },
        messages: [
          `${AKS} c: the public Kubernetes API endpoint must be private or limited to listed CIDRs, but apiServerAccessProfile.enablePrivateCluster and apiServerAccessProfile.authorizedIPRanges are unset (the API server is then open to the internet); ${AKS_FIX}`,
        ],
      },
      {
        name: 'reports an AKS authorized range of 0.0.0.0/0, and passes a single address',
        type: AKS,
        props: { apiServerAccessProfile: { authorizedIPRanges: ['198.51.100.7', '0.0.0.0/0'] } },
        messages: [
          `${AKS} c: the public Kubernetes API endpoint must not be open to the internet (apiServerAccessProfile.authorizedIPRanges[1] is "0.0.0.0/0"); ${AKS_FIX}`,
        ],
      },
      {
        name: 'passes a GKE cluster with a private endpoint',
        type: GKE,
        props: { privateClusterConfig: { enablePrivateEndpoint: true, enablePrivateNodes: true } },
        messages: [],
      },
      {
        name: 'reports a GKE cluster without master authorized networks',
        type: GKE,
        props: { location: 'europe-north1' },
        messages: [
          `${GKE} c: the public Kubernetes API endpoint must be private or limited to listed CIDRs, but masterAuthorizedNetworksConfig is unset (the endpoint is then open to the internet); ${GKE_FIX}`,
        ],
      },
      {
        name: 'reports a GKE authorized network of 0.0.0.0/0',
        type: GKE,
        props: {
          masterAuthorizedNetworksConfig: {
            cidrBlocks: [
              { cidrBlock: '203.0.113.0/24', displayName: 'office' },
              { cidrBlock: '0.0.0.0/0', displayName: 'all' },
            ],
          },
        },
        messages: [
          `${GKE} c: the public Kubernetes API endpoint must not be open to the internet (masterAuthorizedNetworksConfig.cidrBlocks[1].cidrBlock is "0.0.0.0/0"); ${GKE_FIX}`,
        ],
      },
      {
        name: 'passes GKE authorized networks without blocks (no outside network)',
        type: GKE,
        props: { masterAuthorizedNetworksConfig: {} },
        messages: [],
      },
    ];
    resourceCases(
      restrictedApiEndpoint,
      cases.map((tc) => ({
        name: tc.name,
        resource: { type: tc.type, name: 'c', props: tc.props },
        ...(tc.config !== undefined ? { config: tc.config } : {}),
        messages: tc.messages,
      })),
    );

    // stacks/aws-production limits its public endpoint to an admin range (spec 003 had 0.0.0.0/0).
    it('passes the EKS endpoint of stacks/aws-production, public only to 203.0.113.0/24', async () => {
      const o = await runOnAwsProduction(restrictedApiEndpoint);
      assert.deepEqual(o.messages, []);
    });
  });

  describe('control-plane-audit-logging', () => {
    const cluster = (type: string, props: Record<string, unknown>): TestResource => ({
      type,
      name: 'prod',
      props,
    });

    it('passes an EKS cluster with api, audit and authenticator logs', async () => {
      const o = await runStack(controlPlaneAuditLogging, [
        cluster(EKS, { enabledClusterLogTypes: ['api', 'audit', 'authenticator', 'scheduler'] }),
      ]);
      assert.deepEqual(o.messages, []);
    });

    it('reports the EKS log types that are missing', async () => {
      const o = await runStack(controlPlaneAuditLogging, [
        cluster(EKS, { enabledClusterLogTypes: ['api'] }),
      ]);
      assert.deepEqual(o.messages, [
        `${EKS} prod: control plane logs must include audit, authenticator, but enabledClusterLogTypes is ["api"]; add "audit", "authenticator" to spec.eks.clusterConfig.logging.enabled of the KubernetesProvider.`,
      ]);
      assert.equal(o.violations[0]?.urn, `urn:pulumi:test::vitistack::${EKS}::prod`);
    });

    it('reports an EKS cluster without control plane logs', async () => {
      const o = await runStack(controlPlaneAuditLogging, [cluster(EKS, { name: 'prod' })]);
      assert.deepEqual(o.messages, [
        `${EKS} prod: control plane logs must include api, audit, authenticator, but enabledClusterLogTypes is not set; add "api", "audit", "authenticator" to spec.eks.clusterConfig.logging.enabled of the KubernetesProvider.`,
      ]);
    });

    it('requires only the configured requiredLogTypes', async () => {
      const o = await runStack(
        controlPlaneAuditLogging,
        [cluster(EKS, { enabledClusterLogTypes: ['audit'] })],
        { requiredLogTypes: ['audit'] },
      );
      assert.deepEqual(o.messages, []);
    });

    it('passes EKS log types unknown during preview', async () => {
      const o = await runStack(controlPlaneAuditLogging, [
        cluster(EKS, { enabledClusterLogTypes: UNKNOWN_VALUE }),
      ]);
      assert.deepEqual(o.messages, []);
      assert.equal(o.unknownError, undefined);
    });

    it('passes a GKE cluster logging APISERVER and reports one that does not', async () => {
      const o = await runStack(controlPlaneAuditLogging, [
        cluster(GKE, {
          loggingConfig: { enableComponents: ['SYSTEM_COMPONENTS', 'APISERVER', 'WORKLOADS'] },
        }),
        {
          type: GKE,
          name: 'dev',
          props: { loggingConfig: { enableComponents: ['SYSTEM_COMPONENTS'] } },
        },
      ]);
      assert.deepEqual(o.messages, [
        `${GKE} dev: control plane logs must include APISERVER, but loggingConfig.enableComponents is ["SYSTEM_COMPONENTS"]; enable the API server logs ("api" in spec.gke.clusterConfig.logging.enabled of the KubernetesProvider).`,
      ]);
    });

    const setting = (logs: unknown, resourceUri: unknown = UNKNOWN_VALUE): TestResource => ({
      type: DIAGNOSTICS,
      name: 'prod-diagnostics',
      props: { resourceUri, logs },
      propertyDependencies: resourceUri === UNKNOWN_VALUE ? { resourceUri: ['prod'] } : {},
    });

    it('passes an AKS cluster whose diagnostic setting sends kube-audit logs', async () => {
      const o = await runStack(controlPlaneAuditLogging, [
        cluster(AKS, { dnsPrefix: 'prod' }),
        setting([
          { category: 'kube-apiserver', enabled: true },
          { category: 'kube-audit', enabled: true },
        ]),
      ]);
      assert.deepEqual(o.messages, []);
    });

    it('passes an AKS cluster whose diagnostic setting sends the audit category group', async () => {
      const id =
        '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/prod';
      const o = await runStack(controlPlaneAuditLogging, [
        cluster(AKS, { id }),
        setting([{ categoryGroup: 'audit', enabled: true }], id),
      ]);
      assert.deepEqual(o.messages, []);
    });

    it('reports an AKS cluster whose diagnostic setting leaves audit logs out', async () => {
      const o = await runStack(controlPlaneAuditLogging, [
        cluster(AKS, { dnsPrefix: 'prod' }),
        setting([
          { category: 'kube-apiserver', enabled: true },
          { category: 'kube-audit', enabled: false },
        ]),
      ]);
      assert.deepEqual(o.messages, [
        `${AKS} prod: control plane audit logs must be collected, but no diagnostic setting (${DIAGNOSTICS}) for it enables the kube-audit (or kube-audit-admin) log category; add "audit" to spec.aks.clusterConfig.logging.enabled of the KubernetesProvider, or create a diagnostic setting with that category.`,
      ]);
    });

    it('passes an AKS cluster when a diagnostic setting cannot be linked during preview', async () => {
      const o = await runStack(controlPlaneAuditLogging, [
        cluster(AKS, { dnsPrefix: 'prod' }),
        { type: DIAGNOSTICS, name: 'other', props: { resourceUri: UNKNOWN_VALUE, logs: [] } },
      ]);
      assert.deepEqual(o.messages, []);
    });

    it('is not applicable to a stack without clusters', async () => {
      const o = await runStack(controlPlaneAuditLogging, [
        { type: 'aws:ec2/vpc:Vpc', name: 'vpc', props: {} },
      ]);
      assert.equal(o.notApplicable, 'the stack has no EKS, AKS or GKE cluster');
    });

    it('passes stacks/aws-production, whose provider enables all five EKS log types', async () => {
      const o = await runOnAwsProduction(controlPlaneAuditLogging);
      assert.deepEqual(o.messages, []);
      assert.equal(o.notApplicable, undefined);
    });
  });
});
