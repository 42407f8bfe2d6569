// The pull-request comment for operation results.
import { strict as assert } from 'node:assert';
import { markdownReport } from '../../src/cli/report-markdown';
import { INSTANCE, PREVIEW, result, SG, step, urn } from './report-fixtures';

const PREVIEW_MARKDOWN = `### vitistack preview: production.aws-production

4 to change: 1 to create, 1 to update, 1 to replace, 1 to delete; 12 unchanged

| Operation | Count |
| --- | ---: |
| create | 1 |
| update | 1 |
| replace | 1 |
| delete | 1 |

#### Resources (4)

| Op | Resource | Type | Changes |
| --- | --- | --- | --- |
| \`+\` create | web-1-instance | \`aws:ec2/instance:Instance\` |  |
| \`~\` update | web-sg | \`aws:ec2/securityGroup:SecurityGroup\` | \`ingress\`, \`tags\` |
| \`+-\` replace | orders-db | \`aws:rds/instance:Instance\` | \`engineVersion\` (forces replacement), \`tags\` |
| \`-\` delete | old-logs | \`aws:s3/bucket:Bucket\` |  |

#### Policy violations: 1 mandatory, 1 advisory

| Level | Policy pack | Policy | Resource | Message |
| --- | --- | --- | --- | --- |
| **mandatory** | vitistack-aws@0.1.0 | rds-storage-encrypted | orders-db | RDS instances must set storageEncrypted: true |
| advisory | vitistack-aws@0.1.0 | required-tags | stack | Every resource should carry the owner tag |

#### Diagnostics: 1 warning

| Severity | Resource | Message |
| --- | --- | --- |
| warning | web-sg | ingress rule 0.0.0.0/0 on port 22 |

Plan \`plan-3f9c2a1b7d4e6f80\`: approve with annotation \`vitistack.io/approve-plan=plan-3f9c2a1b7d4e6f80\`
`;

/** The cells of a table row, split as GitHub does: on `|` not escaped by a backslash. */
function cellsOf(row: string): string[] {
  const cells: string[] = [];
  let cell = '';
  for (let i = 1; i < row.length; i++) {
    const c = row.charAt(i);
    if (c === '\\' && row.charAt(i + 1) === '|') {
      cell += '\\|';
      i++;
    } else if (c === '|') {
      cells.push(cell.trim());
      cell = '';
    } else {
      cell += c;
    }
  }
  return cells;
}

function rowsOf(markdown: string, header: string): string[] {
  const lines = markdown.split('\n');
  const start = lines.indexOf(header);
  assert.ok(start >= 0, `no table headed ${header}`);
  const end = lines.indexOf('', start);
  return lines.slice(start + 2, end);
}

const RESOURCES = '| Op | Resource | Type | Changes |';
const VIOLATIONS = '| Level | Policy pack | Policy | Resource | Message |';

describe('markdownReport', () => {
  it('reports a preview: verdict, counts, resources, violations, warnings and the plan to approve', () => {
    assert.equal(markdownReport(PREVIEW), PREVIEW_MARKDOWN);
  });

  it('uses the given title in place of the default heading', () => {
    const md = markdownReport(PREVIEW, { title: 'Preview for PR #42' });
    assert.equal(md.split('\n')[0], '### Preview for PR #42');
  });

  it('says "No changes" and leaves out the tables when nothing changes', () => {
    const md = markdownReport(
      result({ changeSummary: { same: 12 }, unchanged: 12, planId: 'plan-0000000000000000' }),
    );
    assert.equal(
      md,
      `### vitistack preview: production.aws-production

No changes; 12 unchanged

Plan \`plan-0000000000000000\`: approve with annotation \`vitistack.io/approve-plan=plan-0000000000000000\`
`,
    );
  });

  it('reports a failed up: heading, counts from the steps, the failure, failed step and errors', () => {
    const md = markdownReport(
      result({
        operation: 'up',
        result: 'failed',
        unchanged: 10,
        steps: [
          step('create', INSTANCE, 'web-1-instance', { status: 'failed' }),
          step('update', SG, 'web-sg', { changedKeys: ['tags'], status: 'done' }),
        ],
        diagnostics: [
          { severity: 'info', message: 'creating (2s)' },
          {
            severity: 'error',
            message:
              'creating EC2 Instance: operation error EC2: RunInstances\nInvalidParameterValue: bad AMI',
            urn: urn(INSTANCE, 'web-1-instance'),
          },
          { severity: 'error', message: 'update failed' },
        ],
        failure: {
          kind: 'failed',
          message: '1 resource failed: web-1-instance (aws:ec2/instance:Instance)',
          resources: [urn(INSTANCE, 'web-1-instance')],
        },
      }),
    );
    assert.equal(
      md,
      `### vitistack up: production.aws-production — failed

2 changed: 1 created, 1 updated; 10 unchanged

**Failed (failed):** 1 resource failed: web-1-instance (aws:ec2/instance:Instance)

| Operation | Count |
| --- | ---: |
| create | 1 |
| update | 1 |

#### Resources (2)

| Op | Resource | Type | Changes |
| --- | --- | --- | --- |
| \`+\` create **failed** | web-1-instance | \`aws:ec2/instance:Instance\` |  |
| \`~\` update | web-sg | \`aws:ec2/securityGroup:SecurityGroup\` | \`tags\` |

#### Diagnostics: 2 errors

| Severity | Resource | Message |
| --- | --- | --- |
| error | web-1-instance | creating EC2 Instance: operation error EC2: RunInstances<br>InvalidParameterValue: bad AMI |
| error |  | update failed |
`,
    );
  });

  it('says a run failed even when no failure was classified', () => {
    const md = markdownReport(result({ operation: 'destroy', result: 'failed' }));
    assert.equal(
      md,
      '### vitistack destroy: production.aws-production — failed\n\nNothing was planned or changed\n\n**Failed**\n',
    );
  });

  it('escapes user text so it stays in its cell and adds no markup', () => {
    const md = markdownReport(
      result({
        steps: [step('update', INSTANCE, 'web|1', { changedKeys: ['user`Data', 'tags|x'] })],
        policyViolations: [
          {
            policyPack: 'vitistack-aws',
            policyPackVersion: '0.1.0',
            policy: 'no-public-ingress',
            level: 'mandatory',
            message: 'port 22 | open to `0.0.0.0/0`\nsee <!-- the runbook --> at C:\\',
            urn: urn(SG, 'web-sg'),
          },
        ],
        failure: { kind: 'policy', message: 'denied\n# not a heading', resources: [] },
        result: 'failed',
      }),
    );
    const [violation] = rowsOf(md, VIOLATIONS);
    assert.equal(
      violation,
      '| **mandatory** | vitistack-aws@0.1.0 | no-public-ingress | web-sg | port 22 \\| open to \\`0.0.0.0/0\\`<br>see \\<!-- the runbook --> at C:\\\\ |',
    );
    assert.equal(cellsOf(violation).length, 5);
    const [resource] = rowsOf(md, RESOURCES);
    assert.equal(
      resource,
      '| `~` update | web\\|1 | `aws:ec2/instance:Instance` | `tags\\|x`, ``user`Data`` |',
    );
    assert.equal(cellsOf(resource).length, 4);
    assert.ok(md.includes('**Failed (policy):** denied<br># not a heading\n'));
  });

  it('shows 200 resources and counts the rest', () => {
    const steps = Array.from({ length: 250 }, (_, i) => step('create', INSTANCE, `web-${i + 1}`));
    const md = markdownReport(result({ steps }));
    const rows = rowsOf(md, RESOURCES);
    assert.equal(rows.length, 200);
    assert.equal(rows[199], '| `+` create | web-200 | `aws:ec2/instance:Instance` |  |');
    const lines = md.split('\n');
    const note = lines.indexOf('… and 50 more');
    assert.equal(lines[note - 1], '');
    assert.equal(lines[note - 2], rows[199]);
    assert.match(md, /^250 to change: 250 to create$/m);
  });

  it('clips a giant message to stay under the comment limit', () => {
    const giant = 'x'.repeat(200_000);
    const md = markdownReport(
      result({
        result: 'failed',
        failure: { kind: 'failed', message: giant, resources: [] },
        diagnostics: [
          { severity: 'error', message: giant },
          { severity: 'warning', message: '😀'.repeat(100_000) },
        ],
      }),
    );
    assert.ok(md.length < 60_000, `${md.length} characters`);
    assert.match(md, /^\| warning \| {2}\| (😀)+… \|$/mu);
    assert.match(md, /\*\*Failed \(failed\):\*\* x+…\n/);
    assert.match(md, /^\| error \| {2}\| x+… \|$/m);
  });

  it('drops whole rows from the longest tables to stay under the limit, keeping the plan', () => {
    const steps = Array.from({ length: 250 }, (_, i) =>
      step('update', INSTANCE, `web-${i + 1}-${'n'.repeat(250)}`, {
        changedKeys: Array.from({ length: 20 }, (_, k) => `key${k}`),
      }),
    );
    const policyViolations = Array.from({ length: 300 }, (_, i) => ({
      policyPack: 'vitistack-aws',
      policyPackVersion: '0.1.0',
      policy: 'required-tags',
      level: 'advisory' as const,
      message: `violation ${i + 1}: ${'m'.repeat(900)}`,
      urn: urn(INSTANCE, `web-${i + 1}`),
    }));
    const md = markdownReport(result({ steps, policyViolations, planId: 'plan-3f9c2a1b7d4e6f80' }));
    assert.ok(md.length < 60_000, `${md.length} characters`);
    const resources = rowsOf(md, RESOURCES);
    const violations = rowsOf(md, VIOLATIONS);
    assert.ok(resources.length > 0 && resources.length < 200, `${resources.length} resources`);
    assert.ok(violations.length > 0 && violations.length < 100, `${violations.length} violations`);
    for (const r of resources) assert.equal(cellsOf(r).length, 4, r);
    for (const v of violations) assert.equal(cellsOf(v).length, 5, v);
    assert.ok(md.includes(`\n\n… and ${250 - resources.length} more\n`));
    assert.ok(md.includes(`\n\n… and ${300 - violations.length} more\n`));
    assert.ok(
      md.endsWith(
        'Plan `plan-3f9c2a1b7d4e6f80`: approve with annotation `vitistack.io/approve-plan=plan-3f9c2a1b7d4e6f80`\n',
      ),
    );
  });
});
