// Encryption at rest: a Cloud KMS key ring and crypto key per stack (rotated every 90 days), or an
// existing key by name, with the Google service agents that use it (Compute Engine for disks, GKE
// for Secrets, Cloud Storage for the audit bucket, Backup for GKE) granted encrypt/decrypt. The
// key id resolves only once the grants exist, so nothing tries the key before it may.
import * as kms from '@pulumi/gcp/kms';
import * as organizations from '@pulumi/gcp/organizations';
import * as pulumi from '@pulumi/pulumi';
import { TOKENS } from '../tokens';
import { assertValid, GCP_NAME, gcpName, problem, validateLabels } from './util';

/** The Google service agents that may use the key, by what they encrypt. */
export const SERVICE_AGENTS = {
  compute: 'compute-system',
  container: 'container-engine-robot',
  storage: 'gs-project-accounts',
  gkebackup: 'gcp-sa-gkebackup',
} as const;
export type ServiceAgent = keyof typeof SERVICE_AGENTS;

export const DEFAULT_ROTATION_DAYS = 90;
/** Days a destroyed key version waits before it is gone (GCP's default, said explicitly). */
export const DESTROY_SCHEDULED_DAYS = 30;
const ENCRYPTER = 'roles/cloudkms.cryptoKeyEncrypterDecrypter';
const KEY_NAME = /^projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+\/cryptoKeys\/[^/]+$/;

export interface EncryptionArgs {
  /** Project of the key ring. Required. */
  readonly project: string;
  /** Location of the key ring: the stack's region (keys must share the location of what they encrypt). */
  readonly location: string;
  /**
   * Use this key (`projects/P/locations/L/keyRings/R/cryptoKeys/K`) instead of creating one; the
   * service agents are still granted on it. Defaults to none (a key ring and key are created).
   */
  readonly existingKeyId?: string;
  /** Days between automatic rotations, 1 to 3650. Defaults to 90. */
  readonly rotationDays?: number;
  /** Service agents granted encrypt/decrypt on the key. Defaults to `['compute']`. */
  readonly serviceAgents?: readonly ServiceAgent[];
  /** Labels of the key (mapped with cloudTags('gcp', ...)). */
  readonly labels: Readonly<Record<string, string>>;
}

/** Every problem with the args, as sentences naming the field; empty when they are fine. */
export function validateEncryptionArgs(args: EncryptionArgs): string[] {
  const out: string[] = [];
  if (args.existingKeyId !== undefined && !KEY_NAME.test(args.existingKeyId)) {
    out.push(
      problem(
        'existingKeyId',
        args.existingKeyId,
        'is not a Cloud KMS key name; use a form like "projects/p/locations/europe-north1/keyRings/r/cryptoKeys/k".',
      ),
    );
  }
  const days = args.rotationDays;
  if (days !== undefined && (!Number.isInteger(days) || days < 1 || days > 3650)) {
    out.push(problem('rotationDays', days, 'is not a whole number of days from 1 to 3650.'));
  }
  for (const a of args.serviceAgents ?? []) {
    if (!(a in SERVICE_AGENTS)) {
      out.push(
        problem(
          'serviceAgents',
          a,
          `is not a service agent (allowed: ${Object.keys(SERVICE_AGENTS).join(', ')}).`,
        ),
      );
    }
  }
  out.push(...validateLabels(args.labels));
  return out;
}

/** The email of a Google service agent of the project with this number. */
export function serviceAgentEmail(agent: ServiceAgent, projectNumber: string): string {
  return `service-${projectNumber}@${SERVICE_AGENTS[agent]}.iam.gserviceaccount.com`;
}

export class Encryption extends pulumi.ComponentResource {
  /** The crypto key id (`projects/P/locations/L/keyRings/R/cryptoKeys/K`), after the grants. */
  public readonly keyId: pulumi.Output<string>;

  constructor(name: string, args: EncryptionArgs, opts?: pulumi.ComponentResourceOptions) {
    assertValid('Encryption', name, validateEncryptionArgs(args));
    super(TOKENS.gcp.Encryption, name, {}, opts);
    let keyId: pulumi.Output<string>;
    if (args.existingKeyId !== undefined) {
      keyId = pulumi.output(args.existingKeyId);
    } else {
      const ringName = gcpName(name);
      // A key ring can never be deleted in GCP: destroying the stack leaves it (empty of usable
      // keys), and a stack of the same name later makes a new one only if this name is free.
      const ring = new kms.KeyRing(
        `${name}-ring`,
        {
          project: args.project,
          location: args.location,
          name: GCP_NAME.test(ringName) ? ringName : 'vitistack',
        },
        { parent: this },
      );
      const key = new kms.CryptoKey(
        `${name}-key`,
        {
          name: gcpName(`${name}-key`),
          keyRing: ring.id,
          purpose: 'ENCRYPT_DECRYPT',
          rotationPeriod: `${(args.rotationDays ?? DEFAULT_ROTATION_DAYS) * 86400}s`,
          destroyScheduledDuration: `${DESTROY_SCHEDULED_DAYS * 86400}s`,
          versionTemplate: {
            algorithm: 'GOOGLE_SYMMETRIC_ENCRYPTION',
            protectionLevel: 'SOFTWARE',
          },
          labels: { ...args.labels },
        },
        { parent: ring },
      );
      keyId = key.id;
    }
    const agents: ServiceAgent[] = [...new Set(args.serviceAgents ?? ['compute' as const])];
    // `parent` makes the invoke use this component's provider.
    const project = organizations.getProjectOutput({ projectId: args.project }, { parent: this });
    const grants = agents.map(
      (agent) =>
        new kms.CryptoKeyIAMMember(
          `${name}-${agent}`,
          {
            cryptoKeyId: keyId,
            role: ENCRYPTER,
            member: project.number.apply((n) => `serviceAccount:${serviceAgentEmail(agent, n)}`),
          },
          { parent: this },
        ),
    );
    this.keyId = pulumi.all([keyId, ...grants.map((g) => g.id)]).apply(([id]) => id ?? '');
    this.registerOutputs({ keyId: this.keyId });
  }
}
