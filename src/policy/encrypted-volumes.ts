// encrypted-volumes: EBS volumes, launch templates and instance disks encrypted; Azure and GCP
// disks with a customer-managed key when the config asks for one.
import { AT_REST_FRAMEWORKS, CMK_EBS_FIX, CMK_SCHEMA, requireCmk, type Resource } from './at-rest';
import { Described, isSet, isTrue, knownArray, knownProp, UNKNOWN, violation } from './checks';
import { isOneOf, type ResourceValidationPolicy } from './types';

const VOLUME_TYPES = [
  'aws:ebs/volume:Volume',
  'aws:ec2/instance:Instance',
  'aws:ec2/launchTemplate:LaunchTemplate',
  'aws:eks/nodeGroup:NodeGroup',
  'azure-native:compute:Disk',
  'azure-native:compute:VirtualMachine',
  'gcp:compute/disk:Disk',
  'gcp:compute/regionDisk:RegionDisk',
  'gcp:compute/instance:Instance',
];

/** One EBS disk: `encrypted` must be true, and with CMKs required `kmsKeyId` set. */
function ebsDisk(
  r: Resource,
  disk: unknown,
  path: string,
  fix: string,
  cmk: boolean,
  out: string[],
): void {
  if (disk === UNKNOWN) return;
  const encrypted = knownProp(disk, ['encrypted']);
  if (encrypted === UNKNOWN) return;
  if (!isTrue(encrypted)) {
    out.push(violation(r, `${path}encrypted`, 'be true', encrypted, fix));
    return;
  }
  if (!cmk) return;
  const key = knownProp(disk, ['kmsKeyId']);
  if (key !== UNKNOWN && !isSet(key)) {
    out.push(violation(r, `${path}kmsKeyId`, 'name a customer-managed KMS key', key, CMK_EBS_FIX));
  }
}

function awsVolumeFindings(r: Resource, cmk: boolean): string[] {
  const out: string[] = [];
  switch (r.type) {
    case 'aws:ebs/volume:Volume':
      ebsDisk(
        r,
        r.props,
        '',
        'set encrypted: true on the volume, or spec.storage.additionalVolumes[].encryption: true in the Machine (its default is spec.storage.encryption of the MachineProvider).',
        cmk,
        out,
      );
      break;
    case 'aws:ec2/instance:Instance': {
      // Without a rootBlockDevice block the root disk is encrypted only if the AMI's snapshot or
      // the account's EBS default is: neither is visible here, so the block must say it.
      const root = knownProp(r.props, ['rootBlockDevice']);
      ebsDisk(
        r,
        root ?? {},
        'rootBlockDevice.',
        'set rootBlockDevice.encrypted: true on the instance, or spec.storage.rootVolume.encryption: true in the Machine (its default is spec.storage.encryption of the MachineProvider).',
        cmk,
        out,
      );
      const extra = knownArray(knownProp(r.props, ['ebsBlockDevices']));
      if (extra !== UNKNOWN) {
        (extra ?? []).forEach((d, i) => {
          ebsDisk(
            r,
            d,
            `ebsBlockDevices[${i}].`,
            'set encrypted: true on the block device (or attach an encrypted aws.ebs.Volume instead).',
            cmk,
            out,
          );
        });
      }
      break;
    }
    case 'aws:ec2/launchTemplate:LaunchTemplate': {
      const mappings = knownArray(knownProp(r.props, ['blockDeviceMappings']));
      if (mappings === UNKNOWN) break;
      const ebs = (mappings ?? [])
        .map((m, i) => ({ m, i, ebs: knownProp(m, ['ebs']) }))
        .filter((x) => x.m !== UNKNOWN && x.ebs !== undefined);
      if (ebs.length === 0) {
        out.push(
          violation(
            r,
            'blockDeviceMappings',
            'give the root volume an EBS mapping with ebs.encrypted: "true"',
            mappings === undefined ? undefined : new Described('without an ebs mapping'),
            'add a blockDeviceMappings entry for the AMI\'s root device with ebs: { encrypted: "true" }; without one the disks are encrypted only if the AMI snapshot or the account default is.',
          ),
        );
      }
      for (const { ebs: disk, i } of ebs) {
        ebsDisk(
          r,
          disk,
          `blockDeviceMappings[${i}].ebs.`,
          'set ebs.encrypted: "true" on the mapping.',
          cmk,
          out,
        );
      }
      break;
    }
    case 'aws:eks/nodeGroup:NodeGroup': {
      const template = knownProp(r.props, ['launchTemplate']);
      if (template === undefined) {
        out.push(
          violation(
            r,
            'launchTemplate',
            'be set to a launch template with encrypted block devices',
            template,
            'without one EKS gives the nodes disks that are encrypted only if EBS encryption by default is on in the account; create an aws.ec2.LaunchTemplate with blockDeviceMappings[].ebs.encrypted: "true" and pass it as launchTemplate (the EksNodeGroup component does, unless the group has remoteAccess).',
          ),
        );
      }
      break;
    }
  }
  return out;
}

function azureVolumeFindings(r: Resource): string[] {
  const out: string[] = [];
  const fix =
    'point the disk at a disk encryption set with a customer-managed Key Vault key (managedDisk.diskEncryptionSet.id, or encryption.diskEncryptionSetId of the disk).';
  if (r.type === 'azure-native:compute:Disk') {
    const set = knownProp(r.props, ['encryption', 'diskEncryptionSetId']);
    const ade = knownProp(r.props, ['encryptionSettingsCollection', 'enabled']);
    if (set === UNKNOWN || ade === UNKNOWN || isSet(set) || isTrue(ade)) return out;
    out.push(
      violation(
        r,
        'encryption.diskEncryptionSetId',
        'name a disk encryption set with a customer-managed key',
        set,
        fix,
      ),
    );
    return out;
  }
  // A VM's disks created with it (not attached: an attached azure-native:compute:Disk is checked
  // on its own).
  const disk = (d: unknown, path: string): void => {
    if (d === UNKNOWN || d === undefined) return;
    const create = knownProp(d, ['createOption']);
    if (create === UNKNOWN || create === 'Attach') return;
    const set = knownProp(d, ['managedDisk', 'diskEncryptionSet', 'id']);
    if (set === UNKNOWN || isSet(set)) return;
    out.push(
      violation(
        r,
        `${path}.managedDisk.diskEncryptionSet.id`,
        'name a disk encryption set with a customer-managed key',
        set,
        fix,
      ),
    );
  };
  disk(knownProp(r.props, ['storageProfile', 'osDisk']), 'storageProfile.osDisk');
  const data = knownArray(knownProp(r.props, ['storageProfile', 'dataDisks']));
  if (data !== UNKNOWN) {
    (data ?? []).forEach((d, i) => {
      disk(d, `storageProfile.dataDisks[${i}]`);
    });
  }
  return out;
}

/** A GCP disk key: Cloud KMS (CMEK) or a customer-supplied key (CSEK). */
function gcpKeyed(props: unknown, base: readonly string[], fields: readonly string[]): boolean {
  return fields.some((f) => {
    const v = knownProp(props, [...base, f]);
    return v === UNKNOWN || isSet(v);
  });
}

function gcpVolumeFindings(r: Resource): string[] {
  const fix = 'give the disk a Cloud KMS key (CMEK).';
  if (r.type === 'gcp:compute/instance:Instance') {
    // A boot disk made from an existing disk (`source`) is checked as that gcp:compute/disk.
    const source = knownProp(r.props, ['bootDisk', 'source']);
    if (source === UNKNOWN || isSet(source)) return [];
    if (
      gcpKeyed(
        r.props,
        ['bootDisk'],
        ['kmsKeySelfLink', 'diskEncryptionKeyRaw', 'diskEncryptionKeyRsa'],
      )
    ) {
      return [];
    }
    return [
      violation(
        r,
        'bootDisk.kmsKeySelfLink',
        'name a Cloud KMS key',
        knownProp(r.props, ['bootDisk', 'kmsKeySelfLink']),
        fix,
      ),
    ];
  }
  if (
    gcpKeyed(
      r.props,
      ['diskEncryptionKey'],
      ['kmsKeySelfLink', 'kmsKeyName', 'rawKey', 'rsaEncryptedKey'],
    )
  ) {
    return [];
  }
  const path =
    r.type === 'gcp:compute/regionDisk:RegionDisk'
      ? 'diskEncryptionKey.kmsKeyName'
      : 'diskEncryptionKey.kmsKeySelfLink';
  return [violation(r, path, 'name a Cloud KMS key', knownProp(r.props, path.split('.')), fix)];
}

/** The findings of one disk-bearing resource. */
function volumeFindings(r: Resource, cmk: boolean): string[] {
  if (r.type.startsWith('aws:')) return awsVolumeFindings(r, cmk);
  if (!cmk) return [];
  if (r.type.startsWith('azure-native:')) return azureVolumeFindings(r);
  return gcpVolumeFindings(r);
}

export const encryptedVolumes: ResourceValidationPolicy = {
  name: 'encrypted-volumes',
  description:
    'Checks that disks are encrypted at rest: EBS volumes, EC2 root and block devices, launch templates and EKS node groups explicitly; Azure and GCP disks (always encrypted) with a customer-managed key when requireCustomerManagedKeys is set.',
  enforcementLevel: 'advisory',
  severity: 'high',
  tags: AT_REST_FRAMEWORKS,
  configSchema: CMK_SCHEMA,
  remediationSteps:
    'Set spec.storage.rootVolume.encryption and spec.storage.additionalVolumes[].encryption to true in the Machine (or spec.storage.encryption in its MachineProvider); for a customer-managed key set spec.security.encryption.atRest: true in the Vitistack or a kmsKeyId. Outside Vitistack: encrypted: true on EBS volumes and block devices, a launch template with encrypted block devices for EKS node groups, a disk encryption set (Azure) or Cloud KMS key (GCP).',
  validateResource: (args, report) => {
    if (!isOneOf(args, VOLUME_TYPES)) return;
    for (const m of volumeFindings(args, requireCmk(args))) report(m);
  },
};
