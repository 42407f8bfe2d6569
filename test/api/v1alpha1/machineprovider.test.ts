import { strict as assert } from 'node:assert';
import { machineProviderKind } from '../../../src/api/v1alpha1/machineprovider';
import {
  fixture,
  fixturesOfKind,
  itReports,
  itValidates,
  manifest,
  validatorFor,
  type Manifest as Obj,
} from '../../helpers/kind-cases';

const { valid, messages } = validatorFor(machineProviderKind);

const provider = (spec: Obj, status?: Obj): Obj =>
  manifest(machineProviderKind, spec, status, { name: 'p', namespace: 'test' });

/** A 000 aws block with one security group rule and the given extras. */
const awsBlock = (extra: Obj = {}, rule: Obj = { protocol: 'tcp', port: 22 }): Obj => ({
  credentials: { secretRef: { name: 'aws-credentials' } },
  networking: { securityGroups: [{ name: 'nodes', rules: [rule] }] },
  ...extra,
});

const aws = (block: Obj = {}, spec: Obj = {}): Obj =>
  provider({ type: 'aws', region: 'us-west-2', aws: awsBlock(block), ...spec });

const awsRule = (rule: Obj): Obj =>
  provider({ type: 'aws', region: 'us-west-2', aws: awsBlock({}, rule) });

/** A 004 provider of the given type. */
const p004 = (type: string, spec: Obj = {}, customSettings?: Obj): Obj =>
  provider({
    type,
    region: 'region-1',
    config: { endpoint: 'api.example.com', ...(customSettings ? { customSettings } : {}) },
    authentication: { type: 'apikey', apiKey: { secretRef: { name: 'creds', key: 'key' } } },
    ...spec,
  });

const SUB = '12345678-1234-1234-1234-123456789012';

describe('MachineProvider', () => {
  describe('fixtures', () => {
    const all = fixturesOfKind('MachineProvider');
    it('has every spec example and ours', () => {
      const files = all.map((f) => f.file);
      for (const f of [
        '000-aws-provider-machineprovider.yaml',
        '003-scenario1-machineprovider.yaml',
        '003-provider-chaining-primary-machineprovider.yaml',
        '003-provider-chaining-secondary-machineprovider.yaml',
        '003-shared-storage-machineprovider.yaml',
        '004-aws-machineprovider.yaml',
        '004-vsphere-machineprovider.yaml',
        'ours-machineprovider-proxmox.yaml',
      ]) {
        assert.ok(files.includes(f), `missing fixture ${f}`);
      }
    });
    itValidates(machineProviderKind, ...all);
  });

  describe('normalise: 000 AWS provider block', () => {
    const { spec, metadata } = valid(fixture('000-aws-provider-machineprovider.yaml'));

    it('takes type, region and the default namespace', () => {
      assert.equal(metadata.name, 'aws-provider');
      assert.equal(metadata.namespace, 'default');
      assert.equal(spec.type, 'aws');
      assert.equal(spec.shape, '000-provider-block');
      assert.equal(spec.region, 'us-west-2');
    });

    it('keeps both the Secret and the IRSA service account', () => {
      assert.deepEqual(spec.credentials, {
        method: 'apikey',
        secretRef: { name: 'aws-credentials', namespace: 'default' },
        serviceAccount: 'aws-machine-provider',
        extraSecretRefs: {},
      });
    });

    it('lists instance types and images in canonical form', () => {
      const [t3] = spec.instanceTypes;
      assert.ok(t3);
      assert.equal(t3.name, 't3.micro');
      assert.equal(t3.vcpus, 1);
      assert.equal(t3.memory, '1Gi');
      assert.equal(t3.pricing?.spot, '$0.0031/hour');
      assert.deepEqual(t3.availability?.zones, ['us-west-2a', 'us-west-2b']);
      assert.deepEqual(spec.images[0] && [spec.images[0].id, spec.images[0].os], [
        'ami-0c55b159cbfafe1d0',
        'ubuntu',
      ]);
    });

    it('turns security group rules into direction and port ranges', () => {
      assert.equal(spec.network.vpcId, 'vpc-12345678');
      assert.deepEqual(spec.network.subnetIds, ['subnet-12345678', 'subnet-87654321']);
      assert.deepEqual(spec.network.securityGroups[0]?.rules[2], {
        direction: 'ingress',
        protocol: 'tcp',
        fromPort: 22,
        toPort: 22,
        source: '10.0.0.0/8',
      });
    });

    it('keeps storage, scaling, spot, placement and user data', () => {
      assert.equal(spec.storage.defaultVolumeType, 'gp3');
      assert.equal(spec.storage.iops, 3000);
      assert.equal(spec.storage.additionalVolumes[0]?.mountPath, '/data');
      assert.equal(spec.autoScaling?.scaleUpCooldownSeconds, 300);
      assert.equal(spec.autoScaling.desiredCapacity, 3);
      assert.equal(spec.spot?.maxPrice, '$0.05');
      assert.equal(spec.placementGroups[0]?.strategy, 'cluster');
      assert.match(spec.userData ?? '', /^#!\/bin\/bash/);
      assert.equal(spec.healthCheck?.methods?.[1]?.path, '/health');
      assert.equal(spec.lifecycle?.updateStrategy?.type, 'RollingUpdate');
      assert.equal(spec.tags.CostCenter, 'engineering');
      assert.deepEqual(spec.cloud, {});
    });
  });

  describe('normalise: 003 scenario 1 (port / ports, top-level autoScaling)', () => {
    const { spec, metadata } = valid(fixture('003-scenario1-machineprovider.yaml'));

    it('turns port and ports into fromPort/toPort', () => {
      assert.equal(metadata.namespace, 'production');
      assert.deepEqual(spec.network.securityGroups[0]?.rules, [
        { direction: 'ingress', protocol: 'tcp', fromPort: 22, toPort: 22, source: '10.0.0.0/16' },
        {
          direction: 'ingress',
          protocol: 'tcp',
          fromPort: 30000,
          toPort: 32767,
          source: '10.0.0.0/16',
        },
      ]);
    });

    it('reads top-level autoScaling with cooldowns in seconds', () => {
      const a = spec.autoScaling;
      assert.ok(a);
      assert.equal(a.scaleUpCooldownSeconds, 300);
      assert.equal(a.scaleDownCooldownSeconds, 600);
      assert.equal(a.maxSize, 10);
    });

    it('keeps the secret reference with its namespace', () => {
      assert.deepEqual(spec.credentials?.secretRef, {
        name: 'aws-credentials',
        namespace: 'production',
      });
      assert.deepEqual(
        spec.instanceTypes.map((t) => t.name),
        ['m5.large', 'm5.xlarge'],
      );
    });
  });

  describe('normalise: 003 minimal providers', () => {
    it('keeps failover targets', () => {
      const { spec } = valid(fixture('003-provider-chaining-primary-machineprovider.yaml'));
      assert.equal(spec.shape, 'minimal');
      assert.equal(spec.credentials, undefined);
      const target = spec.failover?.targets?.[0];
      assert.ok(target);
      assert.equal(target.name, 'secondary-provider');
      assert.equal(target.conditions?.[0]?.status, 'False');
    });

    it('accepts an azure provider with no configuration yet', () => {
      const { spec } = valid(fixture('003-provider-chaining-secondary-machineprovider.yaml'));
      assert.equal(spec.type, 'azure');
      assert.equal(spec.cloud.azure, undefined);
    });

    it('keeps shareWith and the shared storage', () => {
      const { spec } = valid(fixture('003-shared-storage-machineprovider.yaml'));
      assert.deepEqual(spec.shareWith, [
        { vitistack: 'primary-vitistack', namespace: 'production' },
        { vitistack: 'secondary-vitistack', namespace: 'production' },
      ]);
      assert.deepEqual(spec.sharedStorage?.replication?.targets, [
        { region: 'us-east-1' },
        { region: 'us-west-2' },
      ]);
    });
  });

  describe('normalise: 004 AWS provider', () => {
    const { spec } = valid(fixture('004-aws-machineprovider.yaml'));

    it('reads the endpoint, rate limit and API key', () => {
      assert.equal(spec.shape, '004-config');
      assert.deepEqual(spec.availabilityZones, ['us-west-2a', 'us-west-2b', 'us-west-2c']);
      assert.deepEqual(spec.endpoint, {
        url: 'ec2.us-west-2.amazonaws.com',
        timeout: '30s',
        rateLimiting: { requestsPerSecond: 10, burstLimit: 20 },
      });
      assert.deepEqual(spec.credentials, {
        method: 'apikey',
        secretRef: { name: 'aws-credentials', key: 'access-key-id' },
        extraSecretRefs: {},
      });
    });

    it('lists supported instance types by name', () => {
      assert.deepEqual(
        spec.instanceTypes.map((t) => t.name),
        ['t3.micro', 't3.small', 'm5.large', 'c5.xlarge'],
      );
      assert.deepEqual(spec.capabilities?.supportedOSTypes, ['linux', 'windows']);
    });

    it('maps networkConfig, storageConfig and computeConfig', () => {
      assert.equal(spec.network.defaultNetworkId, 'vpc-12345678');
      assert.equal(spec.network.availableNetworks[1]?.cidr, '10.0.2.0/24');
      assert.equal(spec.storage.defaultVolumeType, 'gp3');
      assert.equal(spec.storage.defaultVolumeSize, '20Gi');
      assert.deepEqual(spec.storage.storageTypes, [
        { name: 'gp3', type: 'ssd', iopsPerGB: 3, encrypted: true },
        { name: 'st1', type: 'hdd', throughputMBps: 40 },
      ]);
      assert.deepEqual(spec.compute, {
        defaultCPU: 2,
        defaultMemoryGB: 4,
        maxCPU: 96,
        maxMemoryGB: 384,
      });
    });
  });

  describe('normalise: 004 vSphere provider', () => {
    const { spec } = valid(fixture('004-vsphere-machineprovider.yaml'));

    it('takes the vSphere identity from customSettings; zones name the clusters', () => {
      assert.equal(spec.type, 'vsphere');
      assert.deepEqual(spec.cloud.vsphere, {
        datacenter: 'Datacenter1',
        datastore: 'datastore1',
        resourcePool: 'pool1',
      });
      assert.deepEqual(spec.availabilityZones, ['cluster1', 'cluster2']);
      assert.equal(spec.endpoint?.apiVersion, '7.0');
    });

    it('reads certificate authentication with the key as an extra Secret', () => {
      assert.deepEqual(spec.credentials, {
        method: 'certificate',
        secretRef: { name: 'vsphere-certs', key: 'tls.crt' },
        extraSecretRefs: { key: { name: 'vsphere-certs', key: 'tls.key' } },
      });
    });

    it('lists available images with their OS type', () => {
      assert.deepEqual(
        spec.images.map((i) => [i.name, i.id, i.os]),
        [
          ['ubuntu-20.04-server', 'vm-template-ubuntu2004', 'linux'],
          ['windows-server-2019', 'vm-template-win2019', 'windows'],
        ],
      );
      assert.equal(spec.network.availableNetworks[1]?.vlan, 100);
    });
  });

  describe('normalise: 001 endpoint shape', () => {
    const { spec } = valid(fixture('ours-machineprovider-proxmox.yaml'));

    it('reads endpoint, token credentials and Proxmox defaults', () => {
      assert.equal(spec.shape, '001-endpoint');
      assert.deepEqual(spec.endpoint, {
        url: 'https://pve.example.com:8006/api2/json',
        insecureSkipTLSVerify: false,
        timeout: '30s',
      });
      assert.equal(spec.credentials?.method, 'token');
      assert.deepEqual(spec.cloud.proxmox, {
        node: 'pve-01',
        storage: 'local-lvm',
        networkBridge: 'vmbr0',
      });
    });

    it('turns templates into instance types and keeps capacity', () => {
      assert.deepEqual(spec.instanceTypes[1], {
        name: 'large',
        vcpus: 8,
        memory: '32Gi',
        storage: '100Gi',
      });
      assert.deepEqual(spec.capacity, {
        maxMachines: 50,
        reserved: { cpu: 4, memory: '16Gi', storage: '200Gi' },
      });
    });

    it('normalises vmware to vsphere and reads the vsphere block', () => {
      const mp = valid(
        provider({
          type: 'vmware',
          endpoint: { url: 'https://vcenter.example.com/sdk' },
          credentials: { type: 'password', secretRef: { name: 'vc' } },
          vsphere: { datacenter: 'DC1', cluster: 'Cluster A', folder: 'vms/prod' },
        }),
      );
      assert.equal(mp.spec.type, 'vsphere');
      assert.equal(mp.spec.shape, '000-provider-block');
      assert.deepEqual(mp.spec.cloud.vsphere, {
        datacenter: 'DC1',
        cluster: 'Cluster A',
        folder: 'vms/prod',
      });
      assert.equal(mp.spec.credentials?.method, 'password');
    });
  });

  describe('normalise: cloud identity', () => {
    it('reads Azure identity from the azure block', () => {
      const mp = valid(
        provider({
          type: 'azure',
          region: 'westeurope',
          azure: {
            subscriptionId: SUB,
            resourceGroup: 'rg-prod',
            credentials: { secretRef: { name: 'azure-sp' } },
          },
        }),
      );
      assert.deepEqual(mp.spec.cloud.azure, { subscriptionId: SUB, resourceGroup: 'rg-prod' });
    });

    it('reads Azure identity from customSettings', () => {
      const mp = valid(
        p004('azure', {}, { subscriptionId: SUB, resourceGroup: 'rg-prod', tenantId: SUB }),
      );
      assert.deepEqual(mp.spec.cloud.azure, {
        subscriptionId: SUB,
        resourceGroup: 'rg-prod',
        tenantId: SUB,
      });
    });

    it('reads GCP project and zone, the zone from availabilityZones', () => {
      const mp = valid(
        p004(
          'gcp',
          { region: 'us-central1', availabilityZones: ['us-central1-a'] },
          {
            project: 'my-project-123',
          },
        ),
      );
      assert.deepEqual(mp.spec.cloud.gcp, { project: 'my-project-123', zone: 'us-central1-a' });
    });

    it('reads OAuth2 authentication', () => {
      const mp = valid(
        p004('openstack', {
          authentication: {
            type: 'oauth2',
            oauth2: {
              clientId: 'vitistack',
              clientSecretRef: { name: 'oauth', key: 'secret' },
              tokenURL: 'https://auth.example.com/token',
              scopes: ['compute'],
            },
          },
        }),
      );
      assert.deepEqual(mp.spec.credentials, {
        method: 'oauth2',
        secretRef: { name: 'oauth', key: 'secret' },
        extraSecretRefs: {},
        oauth2: {
          clientId: 'vitistack',
          tokenURL: 'https://auth.example.com/token',
          scopes: ['compute'],
        },
      });
    });
  });

  describe('null fields', () => {
    it('treats them as absent, as the API server does', () => {
      const mp = valid(
        awsRule({ protocol: 'tcp', port: 22, ports: null, fromPort: null, source: null }),
      );
      assert.deepEqual(mp.spec.network.securityGroups[0]?.rules, [
        { direction: 'ingress', protocol: 'tcp', fromPort: 22, toPort: 22 },
      ]);
    });
  });

  describe('rejects', () => {
    const cases: { name: string; doc: Obj; want: string[] }[] = [
      {
        name: 'a provider block that does not match the type',
        doc: provider({
          type: 'aws',
          region: 'us-west-2',
          azure: { subscriptionId: SUB, resourceGroup: 'rg' },
        }),
        want: [
          'spec.azure: is set but spec.type is "aws" (use spec.aws for type "aws", or set spec.type to "azure")',
        ],
      },
      {
        name: 'a provider block for a type without blocks',
        doc: provider({ type: 'proxmox', aws: {} }),
        want: [
          'spec.aws: is set but spec.type is "proxmox" (remove spec.aws, which type "proxmox" does not use, or set spec.type to "aws")',
        ],
      },
      {
        name: 'two provider blocks',
        doc: aws({}, { gcp: { project: 'my-project-123', zone: 'us-central1-a' } }),
        want: [
          'spec.gcp: cannot be set together with spec.aws (a MachineProvider configures one provider: create one MachineProvider per provider)',
        ],
      },
      {
        name: 'credentials in the block and in authentication',
        doc: aws(
          {},
          { authentication: { type: 'apikey', apiKey: { secretRef: { name: 'other' } } } },
        ),
        want: [
          "spec.authentication: cannot be set together with spec.aws.credentials (give the provider's credentials in one place)",
        ],
      },
      {
        name: 'authentication and 001 credentials',
        doc: p004('proxmox', { credentials: { type: 'token', secretRef: { name: 'pve' } } }),
        want: [
          "spec.credentials: cannot be set together with spec.authentication (give the provider's credentials in one place)",
        ],
      },
      {
        name: 'config.proxmox on a kubevirt provider',
        doc: provider({ type: 'kubevirt', config: { proxmox: { node: 'pve-01' } } }),
        want: [
          'spec.config.proxmox: is set but spec.type is "kubevirt" (config.proxmox applies only to type "proxmox")',
        ],
      },
      {
        name: 'port and ports together',
        doc: awsRule({ protocol: 'tcp', port: 22, ports: '30000-32767' }),
        want: [
          'spec.aws.networking.securityGroups[0].rules[0].ports: "30000-32767" cannot be set together with port (use port for one port or ports for a range)',
        ],
      },
      {
        name: 'port and fromPort/toPort together',
        doc: awsRule({ protocol: 'tcp', port: 22, fromPort: 22, toPort: 22 }),
        want: [
          'spec.aws.networking.securityGroups[0].rules[0].fromPort: 22 cannot be set together with port (use port for one port, or fromPort and toPort for a range)',
        ],
      },
      {
        name: 'fromPort above toPort',
        doc: awsRule({ type: 'ingress', protocol: 'tcp', fromPort: 443, toPort: 80 }),
        want: [
          'spec.aws.networking.securityGroups[0].rules[0].fromPort: 443 is greater than toPort (80) (fromPort must be at most toPort)',
        ],
      },
      {
        name: 'fromPort without toPort',
        doc: awsRule({ protocol: 'udp', fromPort: 53 }),
        want: [
          'spec.aws.networking.securityGroups[0].rules[0].toPort: is required when fromPort is set (use port for a single port)',
        ],
      },
      {
        name: 'autoScaling minSize above maxSize',
        doc: aws({ autoScaling: { minSize: 5, maxSize: 2 } }),
        want: [
          'spec.aws.autoScaling.minSize: 5 is greater than maxSize (2) (minSize must be at most maxSize)',
        ],
      },
      {
        name: 'desiredCapacity above maxSize (top-level autoScaling)',
        doc: aws({}, { autoScaling: { minSize: 1, maxSize: 10, desiredCapacity: 12 } }),
        want: [
          'spec.autoScaling.desiredCapacity: 12 is above maxSize (10) (set desiredCapacity between minSize and maxSize)',
        ],
      },
      {
        name: 'autoScaling in the block and at the top level',
        doc: aws({ autoScaling: { enabled: true } }, { autoScaling: { enabled: true } }),
        want: [
          'spec.autoScaling: cannot be set together with spec.aws.autoScaling (give auto scaling in one place)',
        ],
      },
      {
        name: 'a bad cooldown',
        doc: aws({ autoScaling: { scaleUpCooldown: 'soon' } }),
        want: [
          'spec.aws.autoScaling.scaleUpCooldown: "soon" is not a valid duration (expected a number with a unit, like "30s", "5m", "1h" or "90d")',
        ],
      },
      {
        name: 'authentication type without its method',
        doc: p004('aws', {
          region: 'us-west-2',
          authentication: { type: 'certificate' },
        }),
        want: [
          'spec.authentication.certificate: is required because type is "certificate" (at least one authentication method must be configured: add certificate with its Secret reference)',
        ],
      },
      {
        name: 'an authentication method other than the type',
        doc: p004('aws', {
          region: 'us-west-2',
          authentication: {
            type: 'apikey',
            apiKey: { secretRef: { name: 'k' } },
            serviceAccount: { secretRef: { name: 'sa' } },
          },
        }),
        want: [
          'spec.authentication.serviceAccount: is set but type is "apikey" (configure only the method named by type, or set type to "serviceaccount")',
        ],
      },
      {
        name: 'an unknown provider type',
        doc: provider({ type: 'hyperv' }),
        want: [
          'spec.type: "hyperv" is not one of the allowed values (allowed: aws, azure, gcp, vsphere, vmware, openstack, baremetal, libvirt, proxmox, or kubevirt)',
        ],
      },
      {
        name: 'an empty region',
        doc: provider({ type: 'libvirt', region: '' }),
        want: ['spec.region: "" is empty (expected a non-empty string)'],
      },
      {
        name: 'an AWS region in the wrong format',
        doc: aws({}, { region: 'uswest2' }),
        want: [
          'spec.region: "uswest2" is not a valid AWS region (expected a form like "us-west-2" or "eu-central-1")',
        ],
      },
      {
        name: 'an AWS zone outside the region',
        doc: p004('aws', { region: 'us-west-2', availabilityZones: ['us-west-2a', 'us-east-1a'] }),
        want: [
          'spec.availabilityZones[1]: "us-east-1a" is not in region "us-west-2" (AWS zone names are the region plus a letter, like "us-west-2a")',
        ],
      },
      {
        name: 'a configured AWS provider without a region',
        doc: provider({ type: 'aws', aws: awsBlock() }),
        want: ['spec.region: is required for type "aws" (name the AWS region, e.g. "us-west-2")'],
      },
      {
        name: 'a 004 provider without a region',
        doc: provider({ type: 'libvirt', config: { endpoint: 'qemu:///system' } }),
        want: [
          'spec.region: is required (name the primary region or datacenter, e.g. "us-west-2" or "datacenter1")',
        ],
      },
      {
        name: 'Azure without a resource group',
        doc: p004('azure', {}, { subscriptionId: SUB }),
        want: [
          'spec.config.customSettings.resourceGroup: is required for type "azure" (give the Azure resource group in spec.azure.resourceGroup or spec.config.customSettings.resourceGroup)',
        ],
      },
      {
        name: 'Azure with a subscription ID that is not a GUID',
        doc: p004('azure', {}, { subscriptionId: 'prod-sub', resourceGroup: 'rg' }),
        want: [
          'spec.config.customSettings.subscriptionId: "prod-sub" is not a valid Azure subscription ID (expected a GUID like "00000000-0000-0000-0000-000000000000")',
        ],
      },
      {
        name: 'Azure identity in both the block and customSettings',
        doc: provider({
          type: 'azure',
          azure: { subscriptionId: SUB, resourceGroup: 'rg' },
          config: { customSettings: { subscriptionId: SUB } },
        }),
        want: [
          'spec.config.customSettings.subscriptionId: cannot be set together with spec.azure.subscriptionId (give the Azure subscription ID in one place)',
        ],
      },
      {
        name: 'a GCP project ID in the wrong format',
        doc: provider({ type: 'gcp', gcp: { project: 'My_Project', zone: 'us-central1-a' } }),
        want: [
          'spec.gcp.project: "My_Project" is not a valid GCP project ID (use 6 to 30 lowercase letters, digits and "-", starting with a letter and not ending with "-", like "my-project-123")',
        ],
      },
      {
        name: 'a GCP zone in the wrong format (a region, not a zone)',
        doc: provider({
          type: 'gcp',
          region: 'us-central1',
          gcp: { project: 'my-project-123', zone: 'us-central1' },
        }),
        want: [
          'spec.gcp.zone: "us-central1" is not a valid GCP zone (expected a form like "us-central1-a")',
        ],
      },
      {
        name: 'a GCP availability zone in the wrong format',
        doc: p004(
          'gcp',
          { region: 'us-central1', availabilityZones: ['uscentral1a'] },
          { project: 'my-project-123' },
        ),
        want: [
          'spec.availabilityZones[0]: "uscentral1a" is not a valid GCP zone (expected a form like "us-central1-a")',
        ],
      },
      {
        name: 'GCP without a zone',
        doc: p004('gcp', {}, { project: 'my-project-123' }),
        want: [
          'spec.config.customSettings.zone: is required for type "gcp" (give the GCP zone in spec.gcp.zone, spec.config.customSettings.zone or spec.availabilityZones)',
        ],
      },
      {
        name: 'a GCP zone outside the region',
        doc: p004(
          'gcp',
          { region: 'europe-west4' },
          { project: 'my-project-123', zone: 'us-central1-a' },
        ),
        want: [
          'spec.config.customSettings.zone: "us-central1-a" is not in region "europe-west4" (GCP zones are the region plus a suffix, like "europe-west4-a")',
        ],
      },
      {
        name: 'vSphere without a datacenter',
        doc: p004('vsphere', { availabilityZones: ['cluster1'] }, { datastore: 'ds1' }),
        want: [
          'spec.config.customSettings.datacenter: is required for type "vsphere" (give the vSphere datacenter in spec.vsphere.datacenter or spec.config.customSettings.datacenter)',
        ],
      },
      {
        name: 'vSphere without a cluster',
        doc: p004('vsphere', {}, { datacenter: 'DC1' }),
        want: [
          'spec.config.customSettings.cluster: is required for type "vsphere" (give the vSphere cluster in spec.vsphere.cluster, spec.config.customSettings.cluster or spec.availabilityZones)',
        ],
      },
      {
        name: 'a vSphere cluster name with a slash',
        doc: p004('vmware', { availabilityZones: ['rack/1'] }, { datacenter: 'DC1' }),
        want: [
          'spec.availabilityZones[0]: "rack/1" is not a valid vSphere cluster name (for vSphere, availabilityZones name clusters: use 1 to 80 characters, without "/", "\\" or "%")',
        ],
      },
      {
        name: 'a bad config timeout and request rate',
        doc: p004('libvirt', {
          config: { timeout: '30', rateLimiting: { requestsPerSecond: 'fast' } },
        }),
        want: [
          'spec.config.timeout: "30" is not a valid duration (expected a number with a unit, like "30s", "5m", "1h" or "90d")',
          'spec.config.rateLimiting.requestsPerSecond: "fast" is not a decimal number string (expected a form like "10.5")',
        ],
      },
      {
        name: 'an invalid network CIDR and disk size',
        doc: p004('libvirt', {
          networkConfig: { availableNetworks: [{ id: 'net1', cidr: '10.0.0.0/33' }] },
          storageConfig: { defaultDiskSize: '20 GB' },
        }),
        want: [
          'spec.networkConfig.availableNetworks[0].cidr: "10.0.0.0/33" is not a valid CIDR block (expected a form like "10.0.0.0/16")',
          'spec.storageConfig.defaultDiskSize: "20 GB" is not a valid Kubernetes quantity (expected a form like "20Gi")',
        ],
      },
      {
        name: 'compute defaults that are not positive',
        doc: p004('libvirt', { computeConfig: { defaultCPU: '0', defaultMemoryGB: '-4' } }),
        want: [
          'spec.computeConfig.defaultCPU: "0" is not above zero (expected a form like "2" or "4.0")',
          'spec.computeConfig.defaultMemoryGB: "-4" is not a decimal number string (expected a positive form like "2" or "4.0")',
        ],
      },
      {
        name: 'a compute default above its limit',
        doc: p004('libvirt', { computeConfig: { defaultCPU: '8', maxCPU: '4' } }),
        want: [
          'spec.computeConfig.defaultCPU: "8" is greater than maxCPU ("4") (the default must fit the limit)',
        ],
      },
      {
        name: 'a default storage class that is not offered',
        doc: p004('libvirt', {
          storageConfig: { defaultStorageClass: 'gp2', availableStorageTypes: [{ name: 'gp3' }] },
        }),
        want: [
          'spec.storageConfig.defaultStorageClass: "gp2" is not one of availableStorageTypes (gp3) (add it there or pick one of them)',
        ],
      },
      {
        name: 'the endpoint in both 001 and 004 form',
        doc: provider({
          type: 'proxmox',
          region: 'oslo',
          endpoint: { url: 'https://pve.example.com:8006' },
          config: { endpoint: 'pve.example.com' },
        }),
        want: [
          'spec.config.endpoint: cannot be set together with spec.endpoint.url (give the provider API endpoint in one place)',
        ],
      },
      {
        name: 'a 001 endpoint that is not a URL',
        doc: provider({ type: 'kubevirt', endpoint: { url: 'kubevirt.local' } }),
        want: [
          'spec.endpoint.url: "kubevirt.local" is not a valid http(s) URL (expected a form like "https://pve.example.com:8006/api2/json")',
        ],
      },
      {
        name: 'a 001 template over the CPU limit',
        doc: provider({
          type: 'proxmox',
          templates: [{ name: 'huge', resources: { cpu: 256, memory: '4Gi' } }],
        }),
        want: [
          'spec.templates[0].resources.cpu: 256 is out of range (expected an integer from 1 to 128)',
        ],
      },
      {
        name: 'a misspelt field',
        doc: aws({ instanceType: [] }),
        want: [
          'spec.aws.instanceType: is not a known field (allowed here: autoScaling, credentials, instanceTypes, machineImages, networking, placementGroups, spot, storage, or userData); did you mean "instanceTypes"?',
        ],
      },
      {
        name: 'block credentials with neither Secret nor service account',
        doc: aws({ credentials: {} }),
        want: [
          'spec.aws.credentials.secretRef: is required when serviceAccount is not set (name a Secret with the credentials, or a service account with workload identity)',
        ],
      },
      {
        name: 'the default volume type in the block and in storageConfig',
        doc: aws(
          { storage: { defaultVolumeType: 'gp3' } },
          { storageConfig: { defaultStorageClass: 'gp3' } },
        ),
        want: [
          'spec.storageConfig.defaultStorageClass: cannot be set together with spec.aws.storage.defaultVolumeType (give the default volume type in one place)',
        ],
      },
      {
        name: 'a health check timeout not shorter than its interval',
        doc: provider({ type: 'aws', healthCheck: { interval: '10s', timeout: '30s' } }),
        want: [
          'spec.healthCheck.timeout: "30s" is not shorter than interval ("10s") (a check must time out before the next one starts)',
        ],
      },
      {
        name: 'an http check without a port',
        doc: provider({
          type: 'aws',
          healthCheck: { methods: [{ type: 'http', path: '/health' }] },
        }),
        want: [
          'spec.healthCheck.methods[0].port: is required for an http check (the port to connect to)',
        ],
      },
      {
        name: 'a bad script name, and an empty script without showing it',
        doc: provider({
          type: 'aws',
          lifecycle: {
            postCreate: {
              scripts: [
                { name: 'bad name', content: 'TOKEN=abc' },
                { name: 'empty', content: '' },
              ],
            },
          },
        }),
        want: [
          'spec.lifecycle.postCreate.scripts[0].name: "bad name" is not a valid RFC 1123 name (use lowercase letters, digits and "-", starting and ending with a letter or digit, like "web-01")',
          'spec.lifecycle.postCreate.scripts[1].content: <redacted> is empty (expected a non-empty script)',
        ],
      },
      {
        name: 'a status phase and health score out of range',
        doc: provider({ type: 'aws' }, { phase: 'Running', health: { score: 120 } }),
        want: [
          'status.phase: "Running" is not one of the allowed values (allowed: Pending, Initializing, Ready, NotReady, Updating, Deleting, Failed, or Error)',
          'status.health.score: 120 is out of range (expected an integer from 0 to 100)',
        ],
      },
    ];
    itReports(cases, (tc) => messages(tc.doc));
  });

  describe('status', () => {
    it('accepts the union of the 000, 001 and 004 status fields', () => {
      const mp = valid(
        provider(
          { type: 'aws' },
          {
            phase: 'Ready',
            ready: true,
            machines: 3,
            capacity: {
              total: { cpu: '64', memory: '256Gi' },
              available: 40,
              used: { cpu: '24', memory: '96Gi' },
              reserved: 2,
            },
            instances: { total: 3, running: 3 },
            costs: { hourly: '$0.35', monthly: '$252.00/month' },
            regions: [{ name: 'us-west-2', available: true, instances: 3 }],
            connectivity: { status: 'Connected', latencyMs: 12 },
            resources: { quotas: [{ resource: 'cpu', used: '24', limit: '64', unit: 'cores' }] },
            health: { score: 98, metrics: { successRate: '99.5', avgResponseTime: '120ms' } },
          },
        ),
      );
      assert.equal(mp.status?.ready, true);
      assert.equal(mp.status.capacity?.available, 40);
    });
  });

  describe('CRD schema', () => {
    it('is structural: every union becomes a single type', () => {
      const schema = machineProviderKind.spec.openapi();
      assert.equal(schema.type, 'object');
      assert.ok(schema.properties?.aws && schema.properties.config && schema.properties.endpoint);
      const cooldown = schema.properties.autoScaling?.properties?.scaleUpCooldown;
      assert.equal(cooldown?.['x-kubernetes-int-or-string'], true);
    });
  });
});
