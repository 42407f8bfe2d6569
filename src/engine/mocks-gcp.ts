// Fake state of GCP resources and answers of its functions for the mocks (see mocks.ts): ids and
// self links in the forms GCP uses (`projects/<p>/regions/<r>/subnetworks/<name>`), instance
// addresses inside their subnetwork, external IPs, GKE endpoints and CAs, name servers.
import {
  fakeHex,
  ipFromHash,
  ipInCidr,
  type CloudMocks,
  type FakeState,
  type MockContext,
} from './mock-values';

/** The project of resources and calls that name none. */
export const FAKE_PROJECT = 'vitistack-fake-project';

const COMPUTE = 'https://www.googleapis.com/compute/v1/';

/** Compute Engine collections: where a type lives (global, region or zone) and its path. */
const COLLECTIONS: Readonly<Record<string, readonly ['global' | 'region' | 'zone', string]>> = {
  'gcp:compute/network:Network': ['global', 'networks'],
  'gcp:compute/subnetwork:Subnetwork': ['region', 'subnetworks'],
  'gcp:compute/router:Router': ['region', 'routers'],
  'gcp:compute/firewall:Firewall': ['global', 'firewalls'],
  'gcp:compute/address:Address': ['region', 'addresses'],
  'gcp:compute/globalAddress:GlobalAddress': ['global', 'addresses'],
  'gcp:compute/regionHealthCheck:RegionHealthCheck': ['region', 'healthChecks'],
  'gcp:compute/healthCheck:HealthCheck': ['global', 'healthChecks'],
  'gcp:compute/regionBackendService:RegionBackendService': ['region', 'backendServices'],
  'gcp:compute/backendService:BackendService': ['global', 'backendServices'],
  'gcp:compute/forwardingRule:ForwardingRule': ['region', 'forwardingRules'],
  'gcp:compute/globalForwardingRule:GlobalForwardingRule': ['global', 'forwardingRules'],
  'gcp:compute/uRLMap:URLMap': ['global', 'urlMaps'],
  'gcp:compute/targetHttpProxy:TargetHttpProxy': ['global', 'targetHttpProxies'],
  'gcp:compute/targetHttpsProxy:TargetHttpsProxy': ['global', 'targetHttpsProxies'],
  'gcp:compute/managedSslCertificate:ManagedSslCertificate': ['global', 'sslCertificates'],
  'gcp:compute/disk:Disk': ['zone', 'disks'],
  'gcp:compute/instance:Instance': ['zone', 'instances'],
  'gcp:compute/resourcePolicy:ResourcePolicy': ['region', 'resourcePolicies'],
};

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** A 12-digit project number, stable per project. */
export function fakeProjectNumber(project: string): string {
  return String(parseInt(fakeHex([project, 'number'], 10), 16) % 1e12).padStart(12, '1');
}

/** A numeric id as GCP gives resources (19 digits), stable per type and name. */
function numericId(type: string, name: string): string {
  return `${parseInt(fakeHex([type, name, 'id'], 12), 16)}`.padEnd(19, '7').slice(0, 19);
}

/** The last path segment of a reference (`.../subnetworks/x` -> `x`). */
function lastSegment(ref: string): string {
  return ref.split('/').pop() ?? ref;
}

function fakeCa(hex: string): string {
  return Buffer.from(
    `-----BEGIN CERTIFICATE-----\nFAKE-GKE-${hex}\n-----END CERTIFICATE-----\n`,
  ).toString('base64');
}

/** The primary range of a subnetwork the mocks have seen, by id or self link. */
function subnetOf(ctx: MockContext, ref: unknown) {
  const r = text(ref);
  return r !== undefined ? ctx.subnets.get(r) : undefined;
}

function instanceState(
  name: string,
  inputs: Record<string, unknown>,
  ctx: MockContext,
  hex: string,
): Record<string, unknown> {
  const nics = Array.isArray(inputs.networkInterfaces)
    ? (inputs.networkInterfaces as Record<string, unknown>[])
    : [];
  return {
    networkInterfaces: nics.map((nic, i) => {
      const subnet = subnetOf(ctx, nic.subnetwork);
      const ip =
        text(nic.networkIp) ??
        (subnet !== undefined ? ipInCidr(subnet.cidr, fakeHex([name, String(i)])) : undefined) ??
        ipFromHash(hex, '10.128');
      const access = Array.isArray(nic.accessConfigs)
        ? (nic.accessConfigs as Record<string, unknown>[]).map((a, j) => ({
            ...a,
            natIp: text(a.natIp) ?? ipFromHash(fakeHex([name, 'public', String(j)]), '35.228'),
          }))
        : [];
      return { ...nic, name: `nic${i}`, networkIp: ip, accessConfigs: access };
    }),
    currentStatus: 'RUNNING',
    instanceId: numericId('instance', name),
    cpuPlatform: 'Intel Broadwell',
  };
}

function gcpState(
  type: string,
  logical: string,
  inputs: Record<string, unknown>,
  ctx: MockContext,
): FakeState {
  const hex = fakeHex([type, logical]);
  const project = text(inputs.project) ?? FAKE_PROJECT;
  const region = text(inputs.region) ?? ctx.region;
  const zone = text(inputs.zone) ?? `${region}-a`;
  // Resources without an explicit name get the provider's auto-name: logical name + suffix.
  const name = text(inputs.name) ?? `${logical}-${fakeHex([logical], 7)}`;
  const state: Record<string, unknown> = { ...inputs, name, project };
  const collection = COLLECTIONS[type];
  let id = `${name}-${hex}`;
  if (collection !== undefined) {
    const [scope, path] = collection;
    const where =
      scope === 'global' ? 'global' : scope === 'region' ? `regions/${region}` : `zones/${zone}`;
    id = `projects/${project}/${where}/${path}/${name}`;
    state.selfLink = `${COMPUTE}${id}`;
    if (scope === 'region') state.region = region;
    if (scope === 'zone') state.zone = zone;
  }
  switch (type) {
    case 'gcp:compute/subnetwork:Subnetwork': {
      const cidr = text(inputs.ipCidrRange);
      if (cidr !== undefined) {
        ctx.subnets.set(id, { cidr });
        ctx.subnets.set(`${COMPUTE}${id}`, { cidr });
        state.gatewayAddress = ipInCidr(cidr, '000000')?.replace(/\.\d+$/, '.1');
      }
      state.subnetworkId = Number(numericId(type, name).slice(0, 12));
      break;
    }
    case 'gcp:compute/routerNat:RouterNat':
      id = `${project}/${region}/${lastSegment(text(inputs.router) ?? '')}/${name}`;
      break;
    case 'gcp:compute/address:Address': {
      const subnet = subnetOf(ctx, inputs.subnetwork);
      state.address =
        inputs.addressType === 'INTERNAL' && subnet !== undefined
          ? ipInCidr(subnet.cidr, hex)
          : ipFromHash(hex, '34.88');
      break;
    }
    case 'gcp:compute/globalAddress:GlobalAddress':
      state.address = ipFromHash(hex, '34.120');
      break;
    case 'gcp:compute/forwardingRule:ForwardingRule':
    case 'gcp:compute/globalForwardingRule:GlobalForwardingRule':
      state.ipAddress = text(inputs.ipAddress) ?? ipFromHash(hex, '34.111');
      state.pscConnectionStatus = '';
      break;
    case 'gcp:compute/instance:Instance':
      Object.assign(state, instanceState(name, inputs, ctx, hex));
      break;
    case 'gcp:compute/disk:Disk':
      state.diskId = numericId(type, name);
      break;
    case 'gcp:container/cluster:Cluster': {
      const location = text(inputs.location) ?? region;
      id = `projects/${project}/locations/${location}/clusters/${name}`;
      state.selfLink = `https://container.googleapis.com/v1/${id}`;
      state.endpoint = ipFromHash(fakeHex([name, 'endpoint']), '34.13');
      const minor = text(inputs.minMasterVersion) ?? '1.30';
      state.masterVersion = /^\d+\.\d+$/.test(minor) ? `${minor}.5-gke.1014000` : minor;
      state.masterAuth = {
        ...(typeof inputs.masterAuth === 'object' ? inputs.masterAuth : {}),
        clusterCaCertificate: fakeCa(hex),
      };
      state.location = location;
      break;
    }
    case 'gcp:container/nodePool:NodePool': {
      const cluster = text(inputs.cluster) ?? '';
      const location = text(inputs.location) ?? region;
      id = `${project}/${location}/${lastSegment(cluster)}/${name}`;
      state.instanceGroupUrls = [
        `${COMPUTE}projects/${project}/zones/${location}-a/instanceGroupManagers/gke-${lastSegment(cluster)}-${name}-${hex}-grp`,
      ];
      break;
    }
    case 'gcp:kms/keyRing:KeyRing':
      id = `projects/${project}/locations/${text(inputs.location) ?? region}/keyRings/${name}`;
      break;
    case 'gcp:kms/cryptoKey:CryptoKey':
      id = `${text(inputs.keyRing) ?? `projects/${project}/locations/${region}/keyRings/ring`}/cryptoKeys/${name}`;
      break;
    case 'gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember':
      id = `${String(inputs.cryptoKeyId)}/${String(inputs.role)}/${String(inputs.member)}`;
      state.etag = `BwY${hex}`;
      break;
    case 'gcp:storage/bucket:Bucket':
      id = name;
      state.url = `gs://${name}`;
      state.selfLink = `https://www.googleapis.com/storage/v1/b/${name}`;
      break;
    case 'gcp:storage/bucketIAMMember:BucketIAMMember':
      id = `b/${String(inputs.bucket)}/${String(inputs.role)}/${String(inputs.member)}`;
      state.etag = `CAE${hex}`;
      break;
    case 'gcp:logging/projectSink:ProjectSink':
      id = `projects/${project}/sinks/${name}`;
      state.writerIdentity = `serviceAccount:service-${fakeProjectNumber(project)}@gcp-sa-logging.iam.gserviceaccount.com`;
      break;
    case 'gcp:serviceaccount/account:Account': {
      const email = `${text(inputs.accountId) ?? name}@${project}.iam.gserviceaccount.com`;
      id = `projects/${project}/serviceAccounts/${email}`;
      state.email = email;
      state.member = `serviceAccount:${email}`;
      state.uniqueId = numericId(type, name).slice(0, 21);
      break;
    }
    case 'gcp:projects/iAMMember:IAMMember':
      id = `${project}/${String(inputs.role)}/${String(inputs.member)}`;
      state.etag = `BwY${hex}`;
      break;
    case 'gcp:dns/managedZone:ManagedZone': {
      id = `projects/${project}/managedZones/${name}`;
      const shard = (parseInt(hex.slice(0, 2), 16) % 5) + 1;
      state.nameServers = ['a', 'b', 'c', 'd'].map(
        (l) => `ns-cloud-${l}${shard}.googledomains.com.`,
      );
      state.managedZoneId = Number(numericId(type, name).slice(0, 15));
      break;
    }
    case 'gcp:dns/recordSet:RecordSet':
      id = `projects/${project}/managedZones/${String(inputs.managedZone)}/rrsets/${String(inputs.name)}/${String(inputs.type)}`;
      break;
    case 'gcp:gkebackup/backupPlan:BackupPlan':
      id = `projects/${project}/locations/${text(inputs.location) ?? region}/backupPlans/${name}`;
      state.uid = `${hex}-${fakeHex([name, 'uid'], 4)}-${fakeHex([name, 'uid2'], 12)}`;
      state.state = 'READY';
      break;
    default:
      break;
  }
  return { id, state };
}

function gcpCall(
  token: string,
  inputs: Record<string, unknown>,
  ctx: MockContext,
): Record<string, unknown> | undefined {
  switch (token) {
    case 'gcp:organizations/getProject:getProject': {
      const project = text(inputs.projectId) ?? FAKE_PROJECT;
      return {
        id: `projects/${project}`,
        projectId: project,
        name: project,
        number: fakeProjectNumber(project),
      };
    }
    case 'gcp:organizations/getClientConfig:getClientConfig':
      return {
        id: 'client-config',
        project: FAKE_PROJECT,
        region: ctx.region,
        zone: `${ctx.region}-a`,
        accessToken: `ya29.fake-${fakeHex(['access-token', ctx.region], 32)}`,
      };
    default:
      return undefined;
  }
}

export const GCP_MOCKS: CloudMocks = { pkg: 'gcp', state: gcpState, call: gcpCall };
