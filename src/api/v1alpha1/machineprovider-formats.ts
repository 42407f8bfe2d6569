// Cloud identity formats a MachineProvider uses (spec 004 "Provider-Specific Validations"). Each
// check returns undefined when the value is fine, or the reason (without the value) when not. They
// are used both as field formats (in the azure/gcp/vsphere blocks) and by the cross-field rules
// (for the same values given in config.customSettings).
import { formats } from '../schema';

const AWS_REGION =
  /^(us|eu|ap|sa|ca|me|af|il|mx|cn)(-gov|-iso|-isob)?-(north|south|east|west|central|northeast|northwest|southeast|southwest)-[0-9]{1,2}$/;
/** AWS zone IDs such as "usw2-az1" (zone names are the region plus a letter). */
const AWS_ZONE_ID = /^[a-z]{2,5}[0-9]{1,2}-az[0-9]{1,2}$/;
const AZURE_RESOURCE_GROUP = /^[-\w.()]{1,90}$/;
const GCP_PROJECT = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
const GCP_ZONE = /^[a-z]+-[a-z]+[0-9]{1,2}-[a-z]$/;
/** Linux bridge (interface) names: at most 15 characters, no "/" or whitespace. */
const BRIDGE = /^[A-Za-z][A-Za-z0-9_.-]{0,14}$/;

export function checkAwsRegion(v: string): string | undefined {
  return AWS_REGION.test(v)
    ? undefined
    : 'is not a valid AWS region (expected a form like "us-west-2" or "eu-central-1")';
}

/** True when an AWS zone name belongs to the region ("us-west-2a" in "us-west-2") or is a zone ID. */
export function awsZoneInRegion(zone: string, region: string): boolean {
  return AWS_ZONE_ID.test(zone) || (zone.startsWith(region) && zone.length > region.length);
}

export function checkGuid(what: string): (v: string) => string | undefined {
  return (v) =>
    formats.GUID.test(v)
      ? undefined
      : `is not a valid ${what} (expected a GUID like "00000000-0000-0000-0000-000000000000")`;
}

export function checkAzureResourceGroup(v: string): string | undefined {
  return AZURE_RESOURCE_GROUP.test(v) && !v.endsWith('.')
    ? undefined
    : 'is not a valid Azure resource group name (use 1 to 90 letters, digits, "_", "-", ".", "(" and ")", not ending with ".")';
}

export function checkGcpProject(v: string): string | undefined {
  return GCP_PROJECT.test(v)
    ? undefined
    : 'is not a valid GCP project ID (use 6 to 30 lowercase letters, digits and "-", starting with a letter and not ending with "-", like "my-project-123")';
}

export function checkGcpZone(v: string): string | undefined {
  return GCP_ZONE.test(v)
    ? undefined
    : 'is not a valid GCP zone (expected a form like "us-central1-a")';
}

/** vSphere inventory names (datacenters, clusters): 1 to 80 characters, no "/", "\" or "%". */
export function checkVsphereName(v: string): string | undefined {
  return v.length >= 1 && v.length <= 80 && !/[/\\%]/.test(v)
    ? undefined
    : 'is not a valid vSphere inventory name (use 1 to 80 characters, without "/", "\\" or "%")';
}

export function checkBridge(v: string): string | undefined {
  return BRIDGE.test(v)
    ? undefined
    : 'is not a valid network bridge name (use at most 15 letters, digits, "_", "." and "-", starting with a letter, like "vmbr0")';
}

/** An http(s) URL, as 001 writes `endpoint.url`. */
export function checkUrl(v: string): string | undefined {
  return formats.checkHttpUrl(v) === undefined
    ? undefined
    : 'is not a valid http(s) URL (expected a form like "https://pve.example.com:8006/api2/json")';
}
