// The deletion-protection policy, run the way the analyzer runs it (test/policy/harness.ts).
import { strict as assert } from 'node:assert';
import { deletionProtection, PROTECTION_POLICIES } from '../../src/policy/protection';
import {
  runOnAwsProduction,
  shapeProblems,
  UNKNOWN_VALUE,
  resourceCases,
  type ResourceCase,
} from './harness';

const PROD = { 'vitistack.io/environment': 'production' };

describe('policy shape (STYLE 17)', () => {
  for (const policy of PROTECTION_POLICIES) {
    it(`${policy.name} follows it and serves SOC2 and ISO27001`, () => {
      assert.deepEqual(shapeProblems(policy), []);
      assert.deepEqual(policy.tags, ['SOC2', 'ISO27001']);
    });
  }
});

describe('deletion-protection', () => {
  const cases: ResourceCase[] = [
    {
      name: 'reports a production RDS instance without deletion protection',
      resource: {
        type: 'aws:rds/instance:Instance',
        name: 'orders-db',
        props: { engine: 'postgres', tags: PROD },
      },
      messages: [
        'aws:rds/instance:Instance orders-db: deletionProtection must be true in environment "production" (it is not set); set deletionProtection: true on the database instance.',
      ],
    },
    {
      name: 'passes a protected production RDS instance',
      resource: {
        type: 'aws:rds/instance:Instance',
        name: 'orders-db',
        props: { deletionProtection: true, tags: PROD },
      },
      messages: [],
    },
    {
      name: 'ignores a staging load balancer',
      resource: {
        type: 'aws:lb/loadBalancer:LoadBalancer',
        name: 'lb',
        props: { enableDeletionProtection: false, tags: { 'vitistack.io/environment': 'staging' } },
      },
      messages: [],
    },
    {
      name: 'protects the environments of the config',
      resource: {
        type: 'aws:lb/loadBalancer:LoadBalancer',
        name: 'lb',
        props: { enableDeletionProtection: false, tags: { 'vitistack.io/environment': 'staging' } },
      },
      config: { environments: ['production', 'staging'] },
      messages: [
        'aws:lb/loadBalancer:LoadBalancer lb: enableDeletionProtection must be true in environment "staging" (it is false); set enableDeletionProtection: true on the load balancer (the program sets it when the Vitistack is labelled vitistack.io/environment: production).',
      ],
    },
    {
      name: 'reads the environment from the provider default tags',
      resource: {
        type: 'aws:dynamodb/table:Table',
        name: 'sessions',
        props: { tags: { Name: 'sessions' } },
        provider: {
          type: 'pulumi:providers:aws',
          name: 'aws',
          props: { defaultTags: JSON.stringify({ tags: PROD }) },
        },
      },
      messages: [
        'aws:dynamodb/table:Table sessions: deletionProtectionEnabled must be true in environment "production" (it is not set); set deletionProtectionEnabled: true on the table.',
      ],
    },
    {
      name: 'does not judge a resource whose environment is unknown during preview',
      resource: {
        type: 'aws:rds/cluster:Cluster',
        name: 'aurora',
        props: { tags: { 'vitistack.io/environment': UNKNOWN_VALUE } },
      },
      messages: [],
    },
    {
      name: 'does not judge a protection flag unknown during preview',
      resource: {
        type: 'aws:rds/cluster:Cluster',
        name: 'aurora',
        props: { deletionProtection: UNKNOWN_VALUE, tags: PROD },
      },
      messages: [],
    },
    {
      name: 'passes a GKE cluster that leaves deletionProtection at its default (true)',
      resource: {
        type: 'gcp:container/cluster:Cluster',
        name: 'gke',
        props: { resourceLabels: { 'vitistack-io-environment': 'production' } },
      },
      messages: [],
    },
    {
      name: 'reports a production Cloud SQL instance with deletionProtection: false (GCP label key)',
      resource: {
        type: 'gcp:sql/databaseInstance:DatabaseInstance',
        name: 'sql',
        props: {
          deletionProtection: false,
          settings: { userLabels: { 'vitistack-io-environment': 'production' } },
        },
      },
      messages: [
        'gcp:sql/databaseInstance:DatabaseInstance sql: deletionProtection must be true in environment "production" (it is false); remove deletionProtection: false from the database instance (it defaults to true).',
      ],
    },
    {
      name: 'leaves Azure out (management locks)',
      resource: {
        type: 'azure-native:sql:Server',
        name: 'sql',
        props: { tags: { 'vitistack.io-environment': 'production' } },
      },
      messages: [],
    },
  ];
  resourceCases(deletionProtection, cases);
});

describe('deletion-protection on stacks/aws-production', () => {
  it('passes: the production load balancer has deletion protection', async () => {
    const out = await runOnAwsProduction(deletionProtection);
    assert.deepEqual(out.messages, []);
    assert.equal(out.unknownError, undefined);
  });
});
