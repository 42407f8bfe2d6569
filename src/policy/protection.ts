// Deletion protection of stateful resources in protected environments (production by default).
//
// A resource's environment is its `vitistack.io/environment` tag (label), which the program
// copies from the standard labels of the Vitistack or Machine. Azure is out of scope: Azure
// protects resources from deletion with management locks (azure-native:authorization
// ManagementLock*), separate resources a resource policy cannot relate to the one they lock, and
// the Azure program does not build any yet.
import {
  cloudOf,
  cloudTagValue,
  configValue,
  isFalse,
  isStringList,
  isTrue,
  knownProp,
  tagValue,
  UNKNOWN,
  violation,
} from './checks';
import type { ResourceValidationPolicy, VitistackPolicy } from './types';

/** The tag that names a resource's environment. */
export const ENVIRONMENT_TAG = 'vitistack.io/environment';
/** Default of `environments`. */
export const DEFAULT_PROTECTED_ENVIRONMENTS: readonly string[] = ['production'];

interface Protected {
  /** The input that turns protection on. */
  readonly path: string;
  /**
   * Whether the provider protects when the input is not given: GCP's Cloud SQL instances and GKE
   * clusters do (deletionProtection defaults to true), AWS resources do not.
   */
  readonly onByDefault: boolean;
  /** How to turn it on, Vitistack field first when there is one. */
  readonly fix: string;
}

const PROTECTED: Readonly<Record<string, Protected>> = {
  'aws:rds/instance:Instance': {
    path: 'deletionProtection',
    onByDefault: false,
    fix: 'set deletionProtection: true on the database instance.',
  },
  'aws:rds/cluster:Cluster': {
    path: 'deletionProtection',
    onByDefault: false,
    fix: 'set deletionProtection: true on the database cluster.',
  },
  'aws:lb/loadBalancer:LoadBalancer': {
    path: 'enableDeletionProtection',
    onByDefault: false,
    fix: 'set enableDeletionProtection: true on the load balancer (the program sets it when the Vitistack is labelled vitistack.io/environment: production).',
  },
  'aws:alb/loadBalancer:LoadBalancer': {
    path: 'enableDeletionProtection',
    onByDefault: false,
    fix: 'set enableDeletionProtection: true on the load balancer.',
  },
  'aws:dynamodb/table:Table': {
    path: 'deletionProtectionEnabled',
    onByDefault: false,
    fix: 'set deletionProtectionEnabled: true on the table.',
  },
  'gcp:sql/databaseInstance:DatabaseInstance': {
    path: 'deletionProtection',
    onByDefault: true,
    fix: 'remove deletionProtection: false from the database instance (it defaults to true).',
  },
  'gcp:container/cluster:Cluster': {
    path: 'deletionProtection',
    onByDefault: true,
    fix: 'remove deletionProtection: false from the cluster (it defaults to true).',
  },
};

export const deletionProtection: ResourceValidationPolicy = {
  name: 'deletion-protection',
  description:
    'Checks that stateful resources (RDS instances and clusters, load balancers, DynamoDB tables, Cloud SQL instances, GKE clusters) whose vitistack.io/environment tag is one of the protected environments have deletion protection on. Azure (management locks) is out of scope.',
  enforcementLevel: 'advisory',
  severity: 'medium',
  tags: ['SOC2', 'ISO27001'],
  configSchema: {
    properties: {
      environments: {
        type: 'array',
        items: { type: 'string', minLength: 1 },
        default: [...DEFAULT_PROTECTED_ENVIRONMENTS],
        description: `Values of the ${ENVIRONMENT_TAG} tag whose stateful resources must be protected.`,
      },
    },
  },
  remediationSteps:
    'Turn deletion protection on for the resource (deletionProtection, enableDeletionProtection or deletionProtectionEnabled); to delete it later, turn protection off in a separate update first.',
  validateResource: (args, report) => {
    const spec = PROTECTED[args.type];
    if (spec === undefined) return;
    const cloud = cloudOf(args.type) ?? 'aws';
    const environments = configValue(
      args,
      'environments',
      [...DEFAULT_PROTECTED_ENVIRONMENTS],
      isStringList,
    ).map((e) => cloudTagValue(cloud, e).toLowerCase());
    const environment = tagValue(args, ENVIRONMENT_TAG);
    if (environment === UNKNOWN || environment === undefined) return;
    if (!environments.includes(environment.toLowerCase())) return;
    const value = knownProp(args.props, [spec.path]);
    if (value === UNKNOWN) return;
    const on = spec.onByDefault ? !isFalse(value) : isTrue(value);
    if (on) return;
    report(
      violation(
        args,
        spec.path,
        `be true in environment ${JSON.stringify(environment)}`,
        value,
        spec.fix,
      ),
    );
  },
};

export const PROTECTION_POLICIES: readonly VitistackPolicy[] = [deletionProtection];
