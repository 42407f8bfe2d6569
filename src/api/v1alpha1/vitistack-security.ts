// Vitistack security (spec 000 "Datacenter": encryption, RBAC, audit logging, compliance) and the
// global policies a parent Vitistack sets for its children (spec 003 "Hierarchical Management").
import { s, type Infer } from '../schema';

export const security = s.object('Security: encryption, RBAC, audit logging and compliance.', {
  encryption: s
    .object('Encryption settings.', {
      atRest: s.bool('Encrypt data at rest (disks, volumes, backups).'),
      inTransit: s.bool('Encrypt data in transit.'),
      kmsKeyId: s.text('KMS key used for encryption at rest (key ID, ARN or key vault URL).'),
    })
    .refine((e, r) => {
      if (e.kmsKeyId !== undefined && e.atRest === false) {
        r.add(
          ['kmsKeyId'],
          'is set but atRest is false (a KMS key encrypts data at rest; set atRest: true or remove kmsKeyId)',
          e.kmsKeyId,
        );
      }
    }),
  rbac: s.object('Role-based access control for the Vitistack.', {
    enabled: s.bool('Enable RBAC.'),
    adminUsers: s.strings('Users with admin rights.', { unique: true }),
    adminGroups: s.strings('Groups with admin rights.', { unique: true }),
    readOnlyUsers: s.strings('Users with read-only rights.', { unique: true }),
    customRoles: s.array(
      'Custom roles.',
      s.object('A custom role.', {
        name: s.name('Role name, unique within the Vitistack.').req(),
        permissions: s.strings('Permissions the role grants.', { unique: true }),
        users: s.strings('Users with this role.', { unique: true }),
        groups: s.strings('Groups with this role.', { unique: true }),
      }),
      { uniqueBy: 'name' },
    ),
  }),
  auditLogging: s.object('Audit logging.', {
    enabled: s.bool('Enable audit logging.'),
    retention: s.duration('How long audit logs are kept, e.g. "90d".'),
    destination: s.text('Where audit logs go: cloudwatch, s3, and so on.'),
    config: s.freeform('Destination-specific settings.'),
  }),
  compliance: s.object('Compliance frameworks and scanning.', {
    frameworks: s.strings('Compliance frameworks to follow, e.g. SOC2, GDPR.', { unique: true }),
    scanning: s.object('Compliance scanning.', {
      enabled: s.bool('Enable compliance scanning.'),
      schedule: s.cron('When scans run, in cron format, e.g. "0 3 * * *".'),
      severity: s.text('Minimum severity to report, e.g. medium.'),
    }),
  }),
});

/** Encryption, RBAC, audit logging and compliance, as written (the shape is already canonical). */
export type VitistackSecurity = Infer<typeof security>;

export const globalPolicies = s.object(
  'Policies a parent Vitistack sets for all its children (see childVitistacks and inheritPolicies).',
  {
    security: s.object('Security policies for every child.', {
      enforceEncryption: s.bool('Children must encrypt data at rest and in transit.'),
      requireMFA: s.bool('Users must use multi-factor authentication.'),
    }),
    compliance: s.object('Compliance policies for every child.', {
      frameworks: s.strings('Compliance frameworks every child follows, e.g. SOC2, GDPR, HIPAA.', {
        unique: true,
      }),
    }),
    resourceLimits: s.object('Limits across the parent and all its children together.', {
      globalMaxMachines: s.int('Maximum machines across all children.', { min: 1 }),
      globalMaxClusters: s.int('Maximum clusters across all children.', { min: 1 }),
    }),
  },
);

/** Policies a parent sets for its children, as written. */
export type GlobalPolicies = Infer<typeof globalPolicies>;
