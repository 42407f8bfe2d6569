// Required tags: every taggable resource carries the Vitistack tags (AWS, Azure) or labels (GCP).
//
// Whether a type has a tag slot cannot be read from the props of one resource (an absent `tags`
// looks the same as no slot), so the taggable types are listed: those the AWS program builds
// (src/components/aws) and the common Azure and GCP ones. Azure and GCP keys go through
// `cloudTagKey` (checks.ts): `vitistack.io/environment` is `vitistack.io-environment` on Azure
// (tag names refuse "/") and `vitistack-io-environment` on GCP (label keys allow only lowercase
// letters, digits, "_" and "-"). AWS provider default tags and GCP provider default labels count.
import {
  cloudOf,
  cloudTagKey,
  configValue,
  isStringList,
  resourceTags,
  tagPath,
  label,
  UNKNOWN,
} from './checks';
import { LABELS } from '../model/defaults';
import type { ResourceValidationPolicy, VitistackPolicy } from './types';
import { isOneOf } from './types';

/** Default of `tags`: the environment, team, stack and managed-by tags. */
export const DEFAULT_REQUIRED_TAGS: readonly string[] = [
  'vitistack.io/environment',
  'vitistack.io/team',
  LABELS.stack,
  LABELS.managedBy,
];

/** AWS types with a `tags` input: those of src/components/aws plus common stateful ones. */
export const AWS_TAGGABLE: readonly string[] = [
  'aws:backup/plan:Plan',
  'aws:backup/vault:Vault',
  'aws:cloudtrail/trail:Trail',
  'aws:cloudwatch/logGroup:LogGroup',
  'aws:dynamodb/table:Table',
  'aws:ebs/volume:Volume',
  'aws:ec2/eip:Eip',
  'aws:ec2/flowLog:FlowLog',
  'aws:ec2/instance:Instance',
  'aws:ec2/internetGateway:InternetGateway',
  'aws:ec2/keyPair:KeyPair',
  'aws:ec2/launchTemplate:LaunchTemplate',
  'aws:ec2/natGateway:NatGateway',
  'aws:ec2/routeTable:RouteTable',
  'aws:ec2/securityGroup:SecurityGroup',
  'aws:ec2/subnet:Subnet',
  'aws:ec2/vpc:Vpc',
  'aws:efs/fileSystem:FileSystem',
  'aws:eks/accessEntry:AccessEntry',
  'aws:eks/addon:Addon',
  'aws:eks/cluster:Cluster',
  'aws:eks/nodeGroup:NodeGroup',
  'aws:iam/openIdConnectProvider:OpenIdConnectProvider',
  'aws:iam/role:Role',
  'aws:kms/key:Key',
  'aws:lb/listener:Listener',
  'aws:lb/loadBalancer:LoadBalancer',
  'aws:lb/targetGroup:TargetGroup',
  'aws:rds/cluster:Cluster',
  'aws:rds/instance:Instance',
  'aws:route53/zone:Zone',
  'aws:s3/bucket:Bucket',
  'aws:s3/bucketV2:BucketV2',
  'aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule',
  'aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule',
];

/** Common azure-native types with `tags` (subnets, for one, have none). */
export const AZURE_TAGGABLE: readonly string[] = [
  'azure-native:compute:Disk',
  'azure-native:compute:DiskEncryptionSet',
  'azure-native:compute:VirtualMachine',
  'azure-native:compute:VirtualMachineScaleSet',
  'azure-native:containerservice:AgentPool',
  'azure-native:containerservice:ManagedCluster',
  'azure-native:keyvault:Vault',
  'azure-native:managedidentity:UserAssignedIdentity',
  'azure-native:network:LoadBalancer',
  'azure-native:network:NatGateway',
  'azure-native:network:NetworkInterface',
  'azure-native:network:NetworkSecurityGroup',
  'azure-native:network:PublicIPAddress',
  'azure-native:network:VirtualNetwork',
  'azure-native:dns:Zone',
  'azure-native:network:ApplicationSecurityGroup',
  'azure-native:operationalinsights:Workspace',
  'azure-native:recoveryservices:Vault',
  'azure-native:resources:ResourceGroup',
  'azure-native:storage:StorageAccount',
];

/** Common GCP types with labels (`resourceLabels` on GKE, `settings.userLabels` on Cloud SQL). */
export const GCP_TAGGABLE: readonly string[] = [
  'gcp:compute/address:Address',
  'gcp:compute/disk:Disk',
  'gcp:compute/forwardingRule:ForwardingRule',
  'gcp:compute/image:Image',
  'gcp:compute/instance:Instance',
  'gcp:compute/regionDisk:RegionDisk',
  'gcp:compute/snapshot:Snapshot',
  'gcp:container/cluster:Cluster',
  'gcp:dns/managedZone:ManagedZone',
  'gcp:gkebackup/backupPlan:BackupPlan',
  'gcp:kms/cryptoKey:CryptoKey',
  'gcp:sql/databaseInstance:DatabaseInstance',
  'gcp:storage/bucket:Bucket',
];

const TAGGABLE: readonly string[] = [...AWS_TAGGABLE, ...AZURE_TAGGABLE, ...GCP_TAGGABLE];

const FIX =
  'add them to metadata.labels of the Vitistack or Machine (the program copies the vitistack.io/ standard labels into tags and always adds vitistack.io/stack and vitistack.io/managed-by), to spec.tags of the MachineProvider or Machine, or to the provider default tags.';

export const requiredTags: ResourceValidationPolicy = {
  name: 'required-tags',
  description:
    'Checks that every taggable AWS, Azure and GCP resource carries the required tags (labels on GCP, with keys mapped to the characters each cloud allows), its provider default tags included.',
  enforcementLevel: 'advisory',
  severity: 'low',
  tags: ['SOC2', 'ISO27001'],
  configSchema: {
    properties: {
      tags: {
        type: 'array',
        items: { type: 'string', minLength: 1 },
        default: [...DEFAULT_REQUIRED_TAGS],
        description:
          'Tag keys every taggable resource must carry, as written on AWS; Azure and GCP keys are mapped (vitistack.io/team is vitistack.io-team on Azure, vitistack-io-team on GCP).',
      },
    },
  },
  remediationSteps:
    'Label the Vitistack (metadata.labels vitistack.io/environment and vitistack.io/team) so the program tags every resource; resources made outside the program need the tags set on them or as provider default tags.',
  validateResource: (args, report) => {
    if (!isOneOf(args, TAGGABLE)) return;
    const cloud = cloudOf(args.type) ?? 'aws';
    const required = configValue(args, 'tags', [...DEFAULT_REQUIRED_TAGS], isStringList);
    const tags = resourceTags(args);
    // A tag map unknown during preview may hold any key: nothing can be said to be missing.
    if (!tags.complete) return;
    const missing: string[] = [];
    for (const key of required.map((k) => cloudTagKey(cloud, k))) {
      const v = tags.values.get(key);
      if (v === undefined) missing.push(`${JSON.stringify(key)} (not set)`);
      else if (v !== UNKNOWN && v.trim() === '') missing.push(`${JSON.stringify(key)} (empty)`);
    }
    if (missing.length === 0) return;
    report(
      `${label(args)}: ${tagPath(args.type).join('.')} must include ${missing.join(', ')}; ${FIX}`,
    );
  },
};

export const TAGGING_POLICIES: readonly VitistackPolicy[] = [requiredTags];
