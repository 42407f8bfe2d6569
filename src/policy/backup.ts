// Backups: recovery points are kept long enough, and every machine of a stack with a backup
// plan is in one of its selections.
import {
  configValue,
  Described,
  isNumber,
  knownArray,
  knownProp,
  label,
  resourceTags,
  show,
  UNKNOWN,
  violation,
  type ResourceTags,
  type Unknown,
} from './checks';
import type {
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
  VitistackPolicy,
} from './types';
import { isOneOf } from './types';

const BACKUP_FRAMEWORKS = ['SOC2', 'HIPAA', 'ISO27001'];

// ---- backup-retention ------------------------------------------------------------------------

/** Default of `minimumRetentionDays`. */
export const DEFAULT_MINIMUM_RETENTION_DAYS = 7;

const RETENTION_TYPES = [
  'aws:backup/plan:Plan',
  'azure-native:recoveryservices:ProtectionPolicy',
  'gcp:compute/resourcePolicy:ResourcePolicy',
  'gcp:gkebackup/backupPlan:BackupPlan',
];

/** Azure retention units in days; a month counts 30 days, a year 365. */
const AZURE_UNIT_DAYS: Readonly<Record<string, number>> = {
  Days: 1,
  Weeks: 7,
  Months: 30,
  Years: 365,
};

const AZURE_SCHEDULES = ['dailySchedule', 'weeklySchedule', 'monthlySchedule', 'yearlySchedule'];

type Resource = Pick<ResourceValidationArgs, 'type' | 'name' | 'props'>;

/** A number of days from a number or numeric string; undefined otherwise. */
function days(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return undefined;
}

function awsPlanFindings(r: Resource, min: number): string[] {
  const out: string[] = [];
  const fix = `set spec.backup.retention in the Vitistack to "${min}d" or longer (the program writes it as lifecycle.deleteAfter).`;
  // No lifecycle (or no deleteAfter) keeps recovery points until someone deletes them: fine.
  const check = (owner: unknown, path: string): void => {
    if (owner === UNKNOWN) return;
    const value = knownProp(owner, ['lifecycle', 'deleteAfter']);
    const d = days(value);
    if (d !== undefined && d < min) {
      out.push(
        violation(r, `${path}.lifecycle.deleteAfter`, `be at least ${min} days`, value, fix),
      );
    }
  };
  const rules = knownArray(knownProp(r.props, ['rules']));
  if (rules === UNKNOWN) return out;
  (rules ?? []).forEach((rule, i) => {
    check(rule, `rules[${i}]`);
    if (rule === UNKNOWN) return;
    const copies = knownArray(knownProp(rule, ['copyActions']));
    if (copies === UNKNOWN) return;
    (copies ?? []).forEach((copy, j) => {
      check(copy, `rules[${i}].copyActions[${j}]`);
    });
  });
  return out;
}

function azurePolicyFindings(r: Resource, min: number): string[] {
  const out: string[] = [];
  const fix = `keep recovery points at least ${min} days (retentionDuration count and durationType).`;
  const duration = (base: readonly (string | number)[], path: string): void => {
    const count = knownProp(r.props, [...base, 'count']);
    const unit = knownProp(r.props, [...base, 'durationType']);
    if (typeof count !== 'number' || typeof unit !== 'string') return;
    const perUnit = AZURE_UNIT_DAYS[unit];
    if (perUnit === undefined || count * perUnit >= min) return;
    out.push(violation(r, path, `be at least ${min} days`, new Described(`${count} ${unit}`), fix));
  };
  const retention = (base: readonly (string | number)[], path: string): void => {
    const policy = knownProp(r.props, base);
    if (policy === UNKNOWN || policy === undefined) return;
    duration([...base, 'retentionDuration'], `${path}.retentionDuration`);
    for (const s of AZURE_SCHEDULES) {
      duration([...base, s, 'retentionDuration'], `${path}.${s}.retentionDuration`);
    }
  };
  retention(['properties', 'retentionPolicy'], 'properties.retentionPolicy');
  // SQL and SAP HANA workloads keep one policy per backup type (full, differential, log).
  const subs = knownArray(knownProp(r.props, ['properties', 'subProtectionPolicy']));
  if (subs !== UNKNOWN) {
    (subs ?? []).forEach((_, i) => {
      retention(
        ['properties', 'subProtectionPolicy', i, 'retentionPolicy'],
        `properties.subProtectionPolicy[${i}].retentionPolicy`,
      );
    });
  }
  return out;
}

function gcpFindings(r: Resource, min: number): string[] {
  const [path, fix] =
    r.type === 'gcp:compute/resourcePolicy:ResourcePolicy'
      ? [
          ['snapshotSchedulePolicy', 'retentionPolicy', 'maxRetentionDays'],
          `set snapshotSchedulePolicy.retentionPolicy.maxRetentionDays to ${min} or more.`,
        ]
      : [
          ['retentionPolicy', 'backupRetainDays'],
          `set retentionPolicy.backupRetainDays to ${min} or more (0 keeps backups until deleted).`,
        ];
  const value = knownProp(r.props, path);
  const d = days(value);
  // Backup for GKE: 0 (the default) means no automatic deletion.
  if (d === undefined || d === 0 || d >= min) return [];
  return [violation(r, path.join('.'), `be at least ${min} days`, value, fix)];
}

export const backupRetention: ResourceValidationPolicy = {
  name: 'backup-retention',
  description:
    'Checks that backups are kept at least minimumRetentionDays: AWS Backup plan rules and copy actions (lifecycle.deleteAfter), Azure Recovery Services protection policies, GCP snapshot schedules and Backup for GKE plans.',
  enforcementLevel: 'advisory',
  severity: 'medium',
  tags: BACKUP_FRAMEWORKS,
  configSchema: {
    properties: {
      minimumRetentionDays: {
        type: 'integer',
        minimum: 1,
        default: DEFAULT_MINIMUM_RETENTION_DAYS,
        description: 'The fewest days a recovery point must be kept.',
      },
    },
  },
  remediationSteps:
    'Set spec.backup.retention in the Vitistack (e.g. "30d") to at least minimumRetentionDays; outside Vitistack raise lifecycle.deleteAfter (AWS), retentionDuration (Azure), maxRetentionDays or backupRetainDays (GCP).',
  validateResource: (args, report) => {
    if (!isOneOf(args, RETENTION_TYPES)) return;
    const min = configValue(
      args,
      'minimumRetentionDays',
      DEFAULT_MINIMUM_RETENTION_DAYS,
      (v): v is number => isNumber(v) && v >= 1,
    );
    const found =
      args.type === 'aws:backup/plan:Plan'
        ? awsPlanFindings(args, min)
        : args.type === 'azure-native:recoveryservices:ProtectionPolicy'
          ? azurePolicyFindings(args, min)
          : gcpFindings(args, min);
    for (const m of found) report(m);
  },
};

// ---- machines-in-backup-selection ------------------------------------------------------------

type PolicyResource = StackValidationArgs['resources'][number];

/** true, false, or UNKNOWN when a value needed to decide is computed during preview. */
type Tri = boolean | Unknown;

function or(values: readonly Tri[]): Tri {
  if (values.includes(true)) return true;
  return values.includes(UNKNOWN) ? UNKNOWN : false;
}

function and(values: readonly Tri[]): Tri {
  if (values.includes(false)) return false;
  return values.includes(UNKNOWN) ? UNKNOWN : true;
}

/** An AWS wildcard pattern (`*`, `?`) as a regular expression. */
function wildcard(pattern: string): RegExp {
  const body = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\/]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`);
}

/** A tag test: the value's verdict, `absent` when the tag is missing, UNKNOWN when unknowable. */
function tagTest(
  tags: ResourceTags,
  key: string,
  test: (v: string) => boolean,
  absent: boolean,
): Tri {
  const v = tags.values.get(key);
  if (v === UNKNOWN) return UNKNOWN;
  if (v === undefined) return tags.complete ? absent : UNKNOWN;
  return test(v);
}

/** A key/value pair of a selection, read through `known`. */
function pairs(list: unknown): { key: unknown; value: unknown; type: unknown }[] | Unknown {
  const items = knownArray(list);
  if (items === UNKNOWN) return UNKNOWN;
  const out: { key: unknown; value: unknown; type: unknown }[] = [];
  for (const item of items ?? []) {
    if (item === UNKNOWN) return UNKNOWN;
    out.push({
      key: knownProp(item, ['key']),
      value: knownProp(item, ['value']),
      type: knownProp(item, ['type']),
    });
  }
  return out;
}

const CONDITION_TESTS: readonly {
  readonly field: string;
  readonly test: (actual: string, expected: string) => boolean;
  readonly absent: boolean;
}[] = [
  { field: 'stringEquals', test: (a, e) => a === e, absent: false },
  { field: 'stringLikes', test: (a, e) => wildcard(e).test(a), absent: false },
  { field: 'stringNotEquals', test: (a, e) => a !== e, absent: true },
  { field: 'stringNotLikes', test: (a, e) => !wildcard(e).test(a), absent: true },
];

const RESOURCE_TAG = 'aws:ResourceTag/';

/** Whether an ARN list (`resources`, `notResources`) names the instance. */
function arnListNames(
  selection: PolicyResource,
  field: 'resources' | 'notResources',
  instance: PolicyResource,
): Tri {
  const deps = selection.propertyDependencies[field];
  if (deps?.some((d) => d.urn === instance.urn) === true) return true;
  const entries = knownArray(knownProp(selection.props, [field]));
  if (entries === UNKNOWN) return deps !== undefined ? false : UNKNOWN;
  const arn = knownProp(instance.props, ['arn']);
  return or(
    (entries ?? []).map((e): Tri => {
      // An unknown entry is another resource's ARN; property dependencies say which.
      if (e === UNKNOWN) return deps !== undefined ? false : UNKNOWN;
      if (typeof e !== 'string') return false;
      if (e === '*') return true;
      if (typeof arn !== 'string') return UNKNOWN;
      return wildcard(e).test(arn);
    }),
  );
}

/** AWS Backup's rules: (ListOfTags, ORed) OR (Resources AND Conditions), minus NotResources. */
function selects(selection: PolicyResource, instance: PolicyResource, tags: ResourceTags): Tri {
  const listOfTags = pairs(knownProp(selection.props, ['selectionTags']));
  const resources = knownArray(knownProp(selection.props, ['resources']));
  const conditionBlocks = knownArray(knownProp(selection.props, ['conditions']));
  if (listOfTags === UNKNOWN || resources === UNKNOWN || conditionBlocks === UNKNOWN) {
    return UNKNOWN;
  }
  const conditions: Tri[] = [];
  for (const block of conditionBlocks ?? []) {
    if (block === UNKNOWN) return UNKNOWN;
    for (const c of CONDITION_TESTS) {
      const list = pairs(knownProp(block, [c.field]));
      if (list === UNKNOWN) return UNKNOWN;
      for (const p of list) {
        if (typeof p.key !== 'string' || typeof p.value !== 'string') {
          conditions.push(UNKNOWN);
          continue;
        }
        const expected = p.value;
        const key = p.key.startsWith(RESOURCE_TAG) ? p.key.slice(RESOURCE_TAG.length) : p.key;
        conditions.push(tagTest(tags, key, (a) => c.test(a, expected), c.absent));
      }
    }
  }
  const byTags = listOfTags.map((t): Tri => {
    if (typeof t.key !== 'string' || typeof t.value !== 'string') return UNKNOWN;
    const expected = t.value;
    return tagTest(tags, t.key, (a) => a === expected, false);
  });
  const hasResources = (resources ?? []).length > 0;
  const parts: Tri[] = [];
  if (byTags.length > 0) parts.push(or(byTags));
  if (hasResources || conditions.length > 0) {
    parts.push(
      and([hasResources ? arnListNames(selection, 'resources', instance) : true, ...conditions]),
    );
  }
  // A selection that names nothing takes every supported resource.
  const picked = parts.length === 0 ? true : or(parts);
  const excluded = arnListNames(selection, 'notResources', instance);
  return and([picked, excluded === UNKNOWN ? UNKNOWN : !excluded]);
}

/** What a selection picks, in words, for messages. */
function describeSelection(selection: PolicyResource): string {
  const parts: string[] = [];
  const tags = pairs(knownProp(selection.props, ['selectionTags']));
  if (tags !== UNKNOWN) {
    for (const t of tags) parts.push(`tag ${String(t.key)} = ${JSON.stringify(t.value)}`);
  }
  const resources = knownArray(knownProp(selection.props, ['resources']));
  if (resources !== UNKNOWN && (resources ?? []).length > 0) {
    parts.push(`${(resources ?? []).length} resources`);
  }
  const conditions = knownArray(knownProp(selection.props, ['conditions']));
  if (conditions !== UNKNOWN && (conditions ?? []).length > 0) parts.push('conditions');
  return `${selection.name} picks ${parts.length > 0 ? parts.join(', ') : 'everything'}`;
}

/** The tags the selections look at, with the instance's values. */
function instanceTagsSeen(selections: readonly PolicyResource[], tags: ResourceTags): string {
  const keys = new Set<string>();
  for (const s of selections) {
    const list = pairs(knownProp(s.props, ['selectionTags']));
    if (list !== UNKNOWN) for (const t of list) if (typeof t.key === 'string') keys.add(t.key);
  }
  if (keys.size === 0) return 'no selection matches its ARN, tags or conditions';
  return [...keys]
    .map((k) => {
      return `tags[${JSON.stringify(k)}] is ${show(tags.values.get(k))}`;
    })
    .join(', ');
}

const INSTANCE = 'aws:ec2/instance:Instance';

export const machinesInBackupSelection: StackValidationPolicy = {
  name: 'machines-in-backup-selection',
  description:
    'Checks that, in a stack with an AWS Backup plan, every EC2 instance is picked by an aws:backup/selection:Selection (by selectionTags, resources with conditions, minus notResources).',
  enforcementLevel: 'advisory',
  severity: 'medium',
  tags: BACKUP_FRAMEWORKS,
  remediationSteps:
    'Keep the vitistack.io/stack tag on every machine (the Vitistack program sets it, and its Backup selection picks that tag); for instances made outside the program, tag them the same way or add their ARNs to a selection.',
  validateStack: (args, report) => {
    const plans = args.resources.filter((r) => r.type === 'aws:backup/plan:Plan');
    if (plans.length === 0) args.notApplicable('the stack has no aws:backup/plan:Plan');
    const selections = args.resources.filter((r) => r.type === 'aws:backup/selection:Selection');
    for (const instance of args.resources.filter((r) => r.type === INSTANCE)) {
      const tags = resourceTags(instance);
      if (selections.length === 0) {
        report(
          `${label(instance)}: must be picked by an aws:backup/selection:Selection (the stack has the backup plan ${plans.map((p) => p.name).join(', ')} but no selection); add an aws.backup.Selection for the plan, e.g. by the vitistack.io/stack tag.`,
          instance.urn,
        );
        continue;
      }
      const verdict = or(selections.map((s) => selects(s, instance, tags)));
      if (verdict !== false) continue;
      report(
        `${label(instance)}: must be picked by an aws:backup/selection:Selection (${instanceTagsSeen(selections, tags)}; ${selections.map(describeSelection).join('; ')}); tag the instance so a selection picks it (the Vitistack program tags every machine with vitistack.io/stack = <namespace>.<name>), or add its ARN to a selection's resources.`,
        instance.urn,
      );
    }
  },
};

export const BACKUP_POLICIES: readonly VitistackPolicy[] = [
  backupRetention,
  machinesInBackupSelection,
];
