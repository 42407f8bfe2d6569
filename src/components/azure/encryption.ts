// The stack's customer-managed key: a Key Vault (RBAC, soft delete and purge protection, which
// disk encryption sets require) with an RSA key that rotates yearly, and a disk encryption set
// whose managed identity may wrap and unwrap with it. Disks, AKS Secrets (KMS) and the backup
// vault use the key; or an existing key, named by its Key Vault URL.
import * as authorization from '@pulumi/azure-native/authorization';
import * as compute from '@pulumi/azure-native/compute';
import * as keyvault from '@pulumi/azure-native/keyvault';
import * as pulumi from '@pulumi/pulumi';
import { TOKENS } from '../tokens';
import {
  assertValid,
  azureTags,
  locationProblem,
  problem,
  roleDefinitionId,
  ROLES,
  validateAzureTags,
} from './util';

/** Key Vault names: 3 to 24 letters, digits and "-", globally unique. */
const VAULT_NAME = /^[A-Za-z][A-Za-z0-9-]{1,22}[A-Za-z0-9]$/;
/** A versioned Key Vault key URL, as disk encryption sets require. */
export const KEY_URL =
  /^https:\/\/([A-Za-z0-9-]{3,24})\.vault\.azure\.(net|cn|us)\/keys\/[A-Za-z0-9-]{1,127}\/[0-9a-fA-F]{32}$/;
/** RSA size of the key: accepted by disk encryption sets, AKS KMS and Recovery Services alike. */
export const KEY_SIZE = 3072;

export interface EncryptionArgs {
  readonly resourceGroupName: pulumi.Input<string>;
  readonly location: string;
  /** Microsoft Entra tenant of the Key Vault. */
  readonly tenantId: pulumi.Input<string>;
  /** Globally unique Key Vault name (3 to 24 letters, digits and "-"). Ignored with `existingKeyUrl`. */
  readonly vaultName: string;
  /**
   * Use this key instead of making a vault and key: a versioned Key Vault key URL
   * (`https://<vault>.vault.azure.net/keys/<name>/<version>`). Its vault is not ours, so its
   * access for the disk encryption set is not granted here (see `warnings`). Defaults to none.
   */
  readonly existingKeyUrl?: string;
  /** Tags for every resource (mapped to Azure tag names). */
  readonly tags: Readonly<Record<string, string>>;
}

/** Every problem with the args, as sentences naming the field; empty when they are fine. */
export function validateEncryptionArgs(args: EncryptionArgs): string[] {
  const out: string[] = [];
  const location = locationProblem('location', args.location);
  if (location !== undefined) out.push(location);
  if (args.existingKeyUrl !== undefined) {
    if (!KEY_URL.test(args.existingKeyUrl)) {
      out.push(
        problem(
          'existingKeyUrl',
          args.existingKeyUrl,
          'is not a versioned Key Vault key URL; use a form like "https://my-vault.vault.azure.net/keys/my-key/0123456789abcdef0123456789abcdef".',
        ),
      );
    }
  } else if (!VAULT_NAME.test(args.vaultName)) {
    out.push(
      problem(
        'vaultName',
        args.vaultName,
        'is not a Key Vault name (3 to 24 letters, digits and "-", starting with a letter).',
      ),
    );
  }
  out.push(...validateAzureTags(args.tags));
  return out;
}

export class Encryption extends pulumi.ComponentResource {
  /** Resource id of the Key Vault; undefined with an existing key. */
  public readonly vaultId?: pulumi.Output<string>;
  /** The key's versioned URL (disk encryption sets, AKS KMS). */
  public readonly keyId: pulumi.Output<string>;
  /** The key's URL without version (follows rotation: Recovery Services vaults). */
  public readonly keyUri: pulumi.Output<string>;
  public readonly diskEncryptionSetId: pulumi.Output<string>;
  /** Resources to wait for before a disk uses the set: its access to the key. */
  public readonly ready: pulumi.Resource[];
  public readonly warnings: readonly string[];

  constructor(name: string, args: EncryptionArgs, opts?: pulumi.ComponentResourceOptions) {
    assertValid('Encryption', name, validateEncryptionArgs(args));
    super(TOKENS.azure.Encryption, name, {}, opts);
    const tags = azureTags(args.tags);
    const base = { resourceGroupName: args.resourceGroupName, location: args.location };
    const warnings: string[] = [];

    let vault: keyvault.Vault | undefined;
    let keyId: pulumi.Output<string>;
    let keyUri: pulumi.Output<string>;
    if (args.existingKeyUrl !== undefined) {
      keyId = pulumi.output(args.existingKeyUrl);
      keyUri = pulumi.output(args.existingKeyUrl.replace(/\/[0-9a-fA-F]{32}$/, ''));
      warnings.push(
        `the key ${args.existingKeyUrl} is in a Key Vault this stack does not manage: grant the disk encryption set's identity the role "Key Vault Crypto Service Encryption User" on it`,
      );
    } else {
      vault = new keyvault.Vault(
        `${name}-vault`,
        {
          ...base,
          vaultName: args.vaultName,
          properties: {
            tenantId: args.tenantId,
            sku: { family: 'A', name: 'standard' },
            // Access by Azure RBAC role assignments, not vault access policies.
            enableRbacAuthorization: true,
            enableSoftDelete: true,
            softDeleteRetentionInDays: 90,
            // Disk encryption sets refuse a vault a key can be purged from.
            enablePurgeProtection: true,
            // The AKS KMS plugin reaches the vault over its public endpoint.
            publicNetworkAccess: 'Enabled',
          },
          tags,
        },
        { parent: this },
      );
      const key = new keyvault.Key(
        `${name}-key`,
        {
          resourceGroupName: args.resourceGroupName,
          vaultName: vault.name,
          keyName: 'vitistack',
          properties: {
            kty: 'RSA',
            keySize: KEY_SIZE,
            keyOps: ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey'],
            rotationPolicy: {
              lifetimeActions: [
                { action: { type: 'rotate' }, trigger: { timeAfterCreate: 'P1Y' } },
                { action: { type: 'notify' }, trigger: { timeBeforeExpiry: 'P30D' } },
              ],
              attributes: { expiryTime: 'P2Y' },
            },
          },
          tags,
        },
        { parent: vault },
      );
      keyId = key.keyUriWithVersion;
      keyUri = key.keyUri;
    }

    const des = new compute.DiskEncryptionSet(
      `${name}-des`,
      {
        ...base,
        diskEncryptionSetName: `${args.vaultName}-des`,
        identity: { type: 'SystemAssigned' },
        encryptionType: 'EncryptionAtRestWithCustomerKey',
        activeKey: {
          keyUrl: keyId,
          ...(vault !== undefined ? { sourceVault: { id: vault.id } } : {}),
        },
        // New key versions (yearly rotation) are picked up without an update.
        rotationToLatestKeyVersionEnabled: true,
        tags,
      },
      { parent: this },
    );
    const ready: pulumi.Resource[] = [des];
    if (vault !== undefined) {
      ready.push(
        new authorization.RoleAssignment(
          `${name}-des-key-access`,
          {
            scope: vault.id,
            roleDefinitionId: roleDefinitionId(vault.id, ROLES.keyVaultCryptoServiceEncryptionUser),
            principalId: des.identity.apply((i) => i?.principalId ?? ''),
            principalType: 'ServicePrincipal',
          },
          { parent: des },
        ),
      );
    }

    if (vault !== undefined) this.vaultId = vault.id;
    this.keyId = keyId;
    this.keyUri = keyUri;
    this.diskEncryptionSetId = des.id;
    this.ready = ready;
    this.warnings = warnings;
    this.registerOutputs({
      vaultId: this.vaultId,
      keyId: this.keyId,
      keyUri: this.keyUri,
      diskEncryptionSetId: this.diskEncryptionSetId,
      warnings: this.warnings,
    });
  }
}
