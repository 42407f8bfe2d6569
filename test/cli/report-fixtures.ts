// Hand-built operation results for the report tests (text and markdown).
import type { OperationResult, ResourceStep } from '../../src/engine/result';

export const STACK = 'production.aws-production';

export const INSTANCE = 'aws:ec2/instance:Instance';
export const SG = 'aws:ec2/securityGroup:SecurityGroup';
export const RDS = 'aws:rds/instance:Instance';
export const BUCKET = 'aws:s3/bucket:Bucket';

export function urn(type: string, name: string): string {
  return `urn:pulumi:${STACK}::vitistack::vitistack:index:VitistackStack$${type}::${name}`;
}

export function step(
  op: ResourceStep['op'],
  type: string,
  name: string,
  more: Partial<ResourceStep> = {},
): ResourceStep {
  return {
    op,
    urn: urn(type, name),
    type,
    name,
    changedKeys: [],
    replaceKeys: [],
    status: 'planned',
    ...more,
  };
}

export function result(more: Partial<OperationResult>): OperationResult {
  return {
    operation: 'preview',
    stack: STACK,
    startedAt: '2025-01-01T10:00:00Z',
    endedAt: '2025-01-01T10:01:00Z',
    result: 'succeeded',
    changeSummary: {},
    steps: [],
    unchanged: 0,
    policyViolations: [],
    diagnostics: [],
    outputs: {},
    lockRetries: 0,
    ...more,
  };
}

/** A representative preview: one change of each kind, both violation levels, a plan. */
export const PREVIEW = result({
  // The engine's order, not the report's.
  changeSummary: { same: 12, delete: 1, replace: 1, create: 1, update: 1 },
  unchanged: 12,
  steps: [
    step('create', INSTANCE, 'web-1-instance'),
    step('update', SG, 'web-sg', { changedKeys: ['ingress', 'tags'] }),
    step('replace', RDS, 'orders-db', {
      changedKeys: ['engineVersion', 'tags'],
      replaceKeys: ['engineVersion'],
    }),
    step('delete', BUCKET, 'old-logs'),
  ],
  policyViolations: [
    {
      policyPack: 'vitistack-aws',
      policyPackVersion: '0.1.0',
      policy: 'required-tags',
      level: 'advisory',
      message: 'Every resource should carry the owner tag',
    },
    {
      policyPack: 'vitistack-aws',
      policyPackVersion: '0.1.0',
      policy: 'rds-storage-encrypted',
      level: 'mandatory',
      message: 'RDS instances must set storageEncrypted: true',
      urn: urn(RDS, 'orders-db'),
    },
  ],
  diagnostics: [
    { severity: 'info', message: 'downloading plugin aws v7.48.0' },
    {
      severity: 'warning',
      message: 'ingress rule 0.0.0.0/0 on port 22',
      urn: urn(SG, 'web-sg'),
    },
  ],
  planId: 'plan-3f9c2a1b7d4e6f80',
});
