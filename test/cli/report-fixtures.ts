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
