// The identity a stack's machines and GKE nodes run as: one service account per stack with only
// the roles a VM or node needs to write its logs and metrics and pull images, never the Compute
// Engine default service account (which holds Editor on the whole project).
import * as projects from '@pulumi/gcp/projects';
import * as serviceaccount from '@pulumi/gcp/serviceaccount';
import * as pulumi from '@pulumi/pulumi';
import { TOKENS } from '../tokens';
import { assertValid, problem } from './util';

/** What a VM or GKE node writes and reads (GKE's documented least-privilege node roles). */
export const NODE_ROLES = [
  'roles/logging.logWriter',
  'roles/monitoring.metricWriter',
  'roles/monitoring.viewer',
  'roles/stackdriver.resourceMetadata.writer',
  'roles/artifactregistry.reader',
] as const;

/** Service account ids: 6 to 30 lowercase letters, digits and "-", starting with a letter. */
const ACCOUNT_ID = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;

export interface ServiceAccountArgs {
  /** Account id, the part of the email before "@". Required. */
  readonly accountId: string;
  /** Project of the account and of the role grants. Required. */
  readonly project: string;
  /** Display name. Defaults to the account id. */
  readonly displayName?: string;
  /** Project roles granted to the account. Defaults to `NODE_ROLES`. */
  readonly roles?: readonly string[];
}

/** Every problem with the args, as sentences naming the field; empty when they are fine. */
export function validateServiceAccountArgs(args: ServiceAccountArgs): string[] {
  const out: string[] = [];
  if (!ACCOUNT_ID.test(args.accountId)) {
    out.push(
      problem(
        'accountId',
        args.accountId,
        'is not a service account id (6 to 30 lowercase letters, digits and "-", starting with a letter).',
      ),
    );
  }
  (args.roles ?? []).forEach((r, i) => {
    if (!/^(roles|projects\/[^/]+\/roles|organizations\/\d+\/roles)\/[\w.]+$/.test(r)) {
      out.push(
        problem(`roles[${i}]`, r, 'is not an IAM role; use a form like "roles/logging.logWriter".'),
      );
    }
  });
  return out;
}

/** A service account id from free text: GCP characters, 6 to 30 long. */
export function accountIdOf(text: string): string {
  let id = text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^[^a-z]+/, '');
  id = id.slice(0, 30).replace(/-+$/, '');
  return id.length >= 6 ? id : `${id || 'vs'}-nodes`.slice(0, 30);
}

export class ServiceAccount extends pulumi.ComponentResource {
  public readonly email: pulumi.Output<string>;
  /** `serviceAccount:<email>`, for IAM members. */
  public readonly member: pulumi.Output<string>;

  constructor(name: string, args: ServiceAccountArgs, opts?: pulumi.ComponentResourceOptions) {
    assertValid('ServiceAccount', args.accountId, validateServiceAccountArgs(args));
    super(TOKENS.gcp.ServiceAccount, name, {}, opts);
    const account = new serviceaccount.Account(
      `${name}-account`,
      {
        project: args.project,
        accountId: args.accountId,
        displayName: args.displayName ?? args.accountId,
        description: 'Identity of the machines and GKE nodes of the stack (vitistack)',
      },
      { parent: this },
    );
    this.member = pulumi.interpolate`serviceAccount:${account.email}`;
    for (const role of args.roles ?? NODE_ROLES) {
      new projects.IAMMember(
        `${name}-${role.split('/').pop() ?? role}`,
        { project: args.project, role, member: this.member },
        { parent: account },
      );
    }
    this.email = account.email;
    this.registerOutputs({ email: this.email, member: this.member });
  }
}
