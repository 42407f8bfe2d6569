// The required-tags policy, run the way the analyzer runs it (test/policy/harness.ts).
import { strict as assert } from 'node:assert';
import { cloudTagKey } from '../../src/policy/checks';
import {
  AWS_TAGGABLE,
  DEFAULT_REQUIRED_TAGS,
  requiredTags,
  TAGGING_POLICIES,
} from '../../src/policy/tagging';
import {
  awsProductionResources,
  runOnAwsProduction,
  shapeProblems,
  UNKNOWN_VALUE,
  resourceCases,
  type ResourceCase,
} from './harness';

const ALL = {
  'vitistack.io/environment': 'production',
  'vitistack.io/team': 'platform',
  'vitistack.io/stack': 'ns.app',
  'vitistack.io/managed-by': 'vitistack-pulumi',
};
const FIX =
  'add them to metadata.labels of the Vitistack or Machine (the program copies the vitistack.io/ standard labels into tags and always adds vitistack.io/stack and vitistack.io/managed-by), to spec.tags of the MachineProvider or Machine, or to the provider default tags.';

/** The tags of ALL under the keys a cloud uses. */
function keyed(cloud: 'azure' | 'gcp'): Record<string, string> {
  return Object.fromEntries(Object.entries(ALL).map(([k, v]) => [cloudTagKey(cloud, k), v]));
}

describe('policy shape (STYLE 17)', () => {
  for (const policy of TAGGING_POLICIES) {
    it(`${policy.name} follows it and serves SOC2 and ISO27001`, () => {
      assert.deepEqual(shapeProblems(policy), []);
      assert.deepEqual(policy.tags, ['SOC2', 'ISO27001']);
    });
  }
});

describe('cloudTagKey', () => {
  it('keeps AWS keys and maps Azure and GCP ones to the characters they allow', () => {
    assert.equal(cloudTagKey('aws', 'vitistack.io/environment'), 'vitistack.io/environment');
    assert.equal(cloudTagKey('azure', 'vitistack.io/environment'), 'vitistack.io-environment');
    assert.equal(cloudTagKey('gcp', 'vitistack.io/Managed-By'), 'vitistack-io-managed-by');
  });
});

describe('required-tags', () => {
  const cases: ResourceCase[] = [
    {
      name: 'reports the missing and empty tags of an AWS resource',
      resource: {
        type: 'aws:ec2/vpc:Vpc',
        name: 'main',
        props: { tags: { 'vitistack.io/environment': 'production', 'vitistack.io/team': ' ' } },
      },
      messages: [
        `aws:ec2/vpc:Vpc main: tags must include "vitistack.io/team" (empty), "vitistack.io/stack" (not set), "vitistack.io/managed-by" (not set); ${FIX}`,
      ],
    },
    {
      name: 'passes an AWS resource with every tag',
      resource: { type: 'aws:ec2/vpc:Vpc', name: 'main', props: { tags: ALL } },
      messages: [],
    },
    {
      name: 'counts the provider default tags',
      resource: {
        type: 'aws:ec2/subnet:Subnet',
        name: 'a',
        props: { tags: { Name: 'a' } },
        provider: {
          type: 'pulumi:providers:aws',
          name: 'aws',
          props: { defaultTags: JSON.stringify({ tags: ALL }) },
        },
      },
      messages: [],
    },
    {
      name: 'takes the required keys from the config',
      resource: { type: 'aws:ec2/vpc:Vpc', name: 'main', props: { tags: ALL } },
      config: { tags: ['cost-center'] },
      messages: [`aws:ec2/vpc:Vpc main: tags must include "cost-center" (not set); ${FIX}`],
    },
    {
      name: 'does not judge a tag map unknown during preview',
      resource: { type: 'aws:ec2/vpc:Vpc', name: 'main', props: { tags: UNKNOWN_VALUE } },
      messages: [],
    },
    {
      name: 'counts a tag whose value is unknown during preview as present',
      resource: {
        type: 'aws:ec2/vpc:Vpc',
        name: 'main',
        props: { tags: { ...ALL, 'vitistack.io/team': UNKNOWN_VALUE } },
      },
      messages: [],
    },
    {
      name: 'ignores types without tags',
      resource: { type: 'aws:ec2/route:Route', name: 'r', props: {} },
      messages: [],
    },
    {
      name: 'reads GCP labels under the sanitised keys',
      resource: { type: 'gcp:compute/disk:Disk', name: 'd', props: { labels: keyed('gcp') } },
      messages: [],
    },
    {
      name: 'reports a GCP label written with the AWS key',
      resource: {
        type: 'gcp:compute/instance:Instance',
        name: 'vm',
        props: {
          labels: {
            'vitistack-io-environment': 'production',
            'vitistack.io/team': 'platform',
            'vitistack-io-stack': 'ns-app',
            'vitistack-io-managed-by': 'vitistack-pulumi',
          },
        },
      },
      messages: [
        `gcp:compute/instance:Instance vm: labels must include "vitistack-io-team" (not set); ${FIX}`,
      ],
    },
    {
      name: 'reads GKE resourceLabels',
      resource: {
        type: 'gcp:container/cluster:Cluster',
        name: 'gke',
        props: { resourceLabels: { 'vitistack-io-team': 'platform' } },
      },
      config: { tags: ['vitistack.io/team'] },
      messages: [],
    },
    {
      name: 'reads Azure tags under the mapped keys',
      resource: {
        type: 'azure-native:network:VirtualNetwork',
        name: 'vnet',
        props: { tags: keyed('azure') },
      },
      messages: [],
    },
  ];
  resourceCases(requiredTags, cases);
});

describe('required-tags on stacks/aws-production', () => {
  it('passes', async () => {
    const out = await runOnAwsProduction(requiredTags);
    assert.deepEqual(out.messages, []);
  });

  it('lists every type the AWS program tags', async () => {
    const tagged = (await awsProductionResources())
      .filter((r) => r.custom && r.inputs.tags !== undefined)
      .map((r) => r.type);
    assert.ok(tagged.length > 30);
    assert.deepEqual(
      [...new Set(tagged)].filter((t) => !AWS_TAGGABLE.includes(t)),
      [],
    );
  });

  it('would find a required tag the program does not write', async () => {
    const out = await runOnAwsProduction(requiredTags, {
      tags: [...DEFAULT_REQUIRED_TAGS, 'cost-center'],
    });
    assert.ok(out.messages.length > 30);
    assert.ok(out.messages.every((m) => m.includes('must include "cost-center" (not set)')));
  });
});
