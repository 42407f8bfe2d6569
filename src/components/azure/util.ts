// Small helpers shared by the Azure components: tags as Azure takes them, locations, resource ids,
// image references and the built-in role definitions the components assign. The message helpers
// (problem, missing, assertValid) are the cloud-neutral ones the AWS components use.
import { createHash } from 'node:crypto';
import * as pulumi from '@pulumi/pulumi';
import * as formats from '../../api/schema/formats';
import { cloudTags } from '../../model/cloud-tags';
import { assertValid, listAllowed, missing, problem } from '../aws/util';

export { assertValid, listAllowed, missing, problem };
export const { parseCidr, cidrContains, cidrsOverlap } = formats;

/** Azure limits: 50 tags per resource, names up to 512 characters, values up to 256. */
const MAX_TAGS = 50;
const TAG_NAME_MAX = 512;
const TAG_VALUE_MAX = 256;
/** Tag name prefixes Azure reserves for itself. */
const RESERVED_TAG_PREFIXES = ['azure', 'microsoft', 'windows'];

/**
 * The tags of one Azure resource: the caller's tags plus `extra`, with names mapped to what Azure
 * accepts (`vitistack.io/stack` -> `vitistack.io-stack`, see model/cloud-tags.ts). The policies
 * read tags with the same mapping, so every Azure resource's tags go through here.
 */
export function azureTags(
  tags: Readonly<Record<string, string>> | undefined,
  extra?: Readonly<Record<string, string>>,
): Record<string, string> {
  return cloudTags('azure', { ...tags, ...extra });
}

/** Azure tag rules, checked on the mapped names: count, lengths and reserved prefixes. */
export function validateAzureTags(
  tags: Readonly<Record<string, string>> | undefined,
  path = 'tags',
): string[] {
  const out: string[] = [];
  const mapped = azureTags(tags);
  const entries = Object.entries(mapped);
  if (entries.length > MAX_TAGS) {
    out.push(
      missing(path, `has ${entries.length} tags; Azure allows at most ${MAX_TAGS} per resource.`),
    );
  }
  for (const [key, value] of entries) {
    const at = `${path}[${JSON.stringify(key)}]`;
    if (key.length === 0 || key.length > TAG_NAME_MAX) {
      out.push(problem(at, key, `is not a valid tag name (1 to ${TAG_NAME_MAX} characters).`));
    } else if (RESERVED_TAG_PREFIXES.some((p) => key.toLowerCase().startsWith(p))) {
      out.push(
        problem(
          at,
          key,
          `starts with a prefix Azure reserves (${RESERVED_TAG_PREFIXES.join(', ')}); choose another name.`,
        ),
      );
    }
    if (value.length > TAG_VALUE_MAX) {
      out.push(
        missing(at, `has a value longer than ${TAG_VALUE_MAX} characters, the Azure limit.`),
      );
    }
  }
  return out;
}

/** Azure location names: lowercase letters and digits (`eastus`, `westus2`, `norwayeast`). */
const LOCATION = /^[a-z]+[a-z0-9]*$/;

export function isAzureLocation(text: string): boolean {
  return LOCATION.test(text);
}

/** Why `location` is not an Azure location name, or undefined when it is one. */
export function locationProblem(path: string, location: string): string | undefined {
  if (isAzureLocation(location)) return undefined;
  return problem(
    path,
    location,
    'is not an Azure location name; use the lowercase form without spaces or dashes, like "eastus" or "westeurope".',
  );
}

export function isGuid(text: string): boolean {
  return formats.GUID.test(text);
}

/** A short stable hex digest: unique Azure names that must not change between runs. */
export function stableHash(parts: readonly string[], length = 8): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, length);
}

/**
 * A name from `text` that fits Azure's rules for a resource: only the characters `allowed`
 * matches (others become `-`), at most `max` characters, starting and ending with a letter or
 * digit. Used for names derived from manifests (vitistack and subnet names) that Azure limits.
 */
export function azureName(text: string, max: number, allowed = /[A-Za-z0-9-]/): string {
  const cleaned = text.replace(/./gu, (c) => (allowed.test(c) ? c : '-')).replace(/-{2,}/g, '-');
  return cleaned
    .slice(0, max)
    .replace(/^[^A-Za-z0-9]+/, '')
    .replace(/[^A-Za-z0-9]+$/, '');
}

/** `/subscriptions/<sub>/resourceGroups/<rg>/.../<kind>/<name>`: the id of a sub-resource. */
export function childId(
  parentId: pulumi.Input<string>,
  kind: string,
  name: pulumi.Input<string>,
): pulumi.Output<string> {
  return pulumi.interpolate`${parentId}/${kind}/${name}`;
}

/** The subscription scope (`/subscriptions/<id>`) of any resource id under it. */
export function subscriptionScope(resourceId: pulumi.Input<string>): pulumi.Output<string> {
  return pulumi.output(resourceId).apply((id) => {
    const m = /^\/subscriptions\/[^/]+/i.exec(id);
    return m ? m[0] : id;
  });
}

/** Built-in Azure role definitions the components assign (their ids are the same everywhere). */
export const ROLES = {
  /** Wrap and unwrap with Key Vault keys: disk encryption sets, Recovery Services vaults. */
  keyVaultCryptoServiceEncryptionUser: 'e147488a-f6f5-4113-8e2d-b22465e65bf6',
  /** Encrypt and decrypt with Key Vault keys: the AKS KMS plugin. */
  keyVaultCryptoUser: '12338af0-0e69-4776-bea7-57ae8d297424',
  /** Manage networks: the AKS cluster identity on its VNet (load balancers, node subnets). */
  networkContributor: '4d97b98b-1d4f-4787-a291-c67834d212e7',
} as const;

/** The full id of a built-in role definition in the subscription of `anyResourceId`. */
export function roleDefinitionId(
  anyResourceId: pulumi.Input<string>,
  role: string,
): pulumi.Output<string> {
  return pulumi.interpolate`${subscriptionScope(anyResourceId)}/providers/Microsoft.Authorization/roleDefinitions/${role}`;
}

/** A marketplace image (`Publisher:Offer:Sku:Version`) or an image resource id. */
export type ImageReference =
  | {
      readonly publisher: string;
      readonly offer: string;
      readonly sku: string;
      readonly version: string;
    }
  | { readonly id: string };

/**
 * The image reference of an image id as manifests write it: an Azure URN
 * (`Canonical:0001-com-ubuntu-server-jammy:22_04-lts-gen2:latest`) or the resource id of an
 * image or gallery image version (`/subscriptions/...`). Undefined for anything else.
 */
export function parseImageReference(text: string): ImageReference | undefined {
  if (
    /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Compute\//i.test(text)
  ) {
    return { id: text };
  }
  const parts = text.split(':');
  if (parts.length !== 4 || parts.some((p) => p.trim() === '' || /[\s/]/.test(p))) return undefined;
  const [publisher = '', offer = '', sku = '', version = ''] = parts;
  return { publisher, offer, sku, version };
}

/** Azure managed disk types. */
export const DISK_TYPES = [
  'Premium_LRS',
  'PremiumV2_LRS',
  'Premium_ZRS',
  'StandardSSD_LRS',
  'StandardSSD_ZRS',
  'Standard_LRS',
  'UltraSSD_LRS',
] as const;
export type DiskType = (typeof DISK_TYPES)[number];

export function isDiskType(text: string): text is DiskType {
  return (DISK_TYPES as readonly string[]).includes(text);
}

/** Disk types whose IOPS and throughput are set per disk (the others scale with the size). */
export const PROVISIONED_DISK_TYPES: readonly DiskType[] = ['PremiumV2_LRS', 'UltraSSD_LRS'];

/** `provisioningState` as the states Vitistack status uses for the same thing on AWS. */
export function stateOf(provisioningState: string | undefined, ready: string): string {
  if (provisioningState === undefined || provisioningState === 'Succeeded') return ready;
  return provisioningState.toLowerCase();
}
