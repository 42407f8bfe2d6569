// Machine: what the VM is made of. Provider references, compute, storage, networking, operating
// system, boot, SSH keys and cloud-init, each holding the union of the API reference (000) and
// CRD (001) shapes.
import { s } from '../schema';
import { memorySize, objectRef, resourceList, storageSize } from './common';

// ------------------------------------------------------------------ provider

export const machineProviderField = objectRef(
  'The MachineProvider that provisions this machine (API reference shape; set this or providerRef, not both).',
);

export const providerRefField = s.object(
  'The MachineProvider that provisions this machine (CRD shape; set this or machineProvider, not both).',
  {
    apiVersion: s.string('API version of the provider, "vitistack.io/v1alpha1".', {
      expected: 'a vitistack.io API version like "vitistack.io/v1alpha1"',
      check: (v) =>
        v.startsWith('vitistack.io/')
          ? undefined
          : 'is not a vitistack.io API version (MachineProvider is served as "vitistack.io/v1alpha1")',
    }),
    kind: s.enum('Kind of the provider: always MachineProvider.', ['MachineProvider']),
    name: s.name('Name of the MachineProvider.').req(),
    namespace: s.name("Namespace of the MachineProvider. Defaults to the machine's namespace."),
  },
);

// ------------------------------------------------------------------ compute

export const machineResources = s.object(
  'Compute resources: cpu, memory and gpu (CRD shape) and requests and limits (API reference shape).',
  {
    cpu: s.object('Virtual CPU topology.', {
      cores: s.int('CPU cores, from 1 to 128.', { min: 1, max: 128 }),
      threads: s.int('Threads per core, 1 or 2.', { min: 1, max: 2 }),
      sockets: s.int('CPU sockets, from 1 to 4.', { min: 1, max: 4 }),
    }),
    memory: s.object('Memory of the machine.', {
      size: memorySize('Memory size, from 128Mi to 1024Gi, e.g. "4Gi".').req(),
    }),
    gpu: s.object('GPUs passed through to the machine.', {
      type: s.enum('GPU vendor.', ['nvidia', 'amd', 'intel']),
      count: s.int('Number of GPUs.', { min: 1 }),
      model: s.text('Specific GPU model, e.g. "A100".'),
    }),
    requests: resourceList('Resource requests (cpu, memory, storage).'),
    limits: resourceList('Resource limits (cpu, memory, storage).'),
  },
);

// ------------------------------------------------------------------ storage

export const rootVolume = s
  .object('The root (boot) volume.', {
    size: storageSize('Volume size, from 1Gi to 100Ti, e.g. "20Gi".'),
    type: s.text(
      'Volume type: a cloud volume type such as gp3 or io1, or a disk class: ssd, hdd or nvme.',
    ),
    storageClass: s.text('Storage class or storage pool for the volume.'),
    iops: s.int('Provisioned IOPS.', { min: 1 }),
    throughput: s.int('Provisioned throughput in MB/s.', { min: 1 }),
    encryption: s.bool('Encrypt the volume.'),
    kmsKeyId: s.text('KMS key that encrypts the volume.'),
    deleteOnTermination: s.bool('Delete the volume when the machine is deleted.'),
  })
  .refine((v, r) => {
    if (v.kmsKeyId !== undefined && v.encryption === false) {
      r.missing(
        ['kmsKeyId'],
        'is set but encryption is false (a KMS key only applies to an encrypted volume: set encryption: true or remove kmsKeyId)',
      );
    }
  });

export const additionalVolume = s.object('An additional volume (API reference shape).', {
  name: s.name("Volume name, unique among the machine's volumes.").req(),
  size: storageSize('Volume size, from 1Gi to 100Ti, e.g. "100Gi".').req(),
  type: s.text('Volume type, e.g. gp3, io1, ssd.'),
  mountPath: s.absolutePath('Where the volume is mounted in the machine.'),
  encryption: s.bool('Encrypt the volume.'),
  iops: s.int('Provisioned IOPS.', { min: 1 }),
  tags: s.stringMap('Cloud tags for the volume.'),
});

export const dataVolume = s.object('A data volume (CRD shape).', {
  name: s.name("Volume name, unique among the machine's volumes.").req(),
  size: storageSize('Volume size, from 1Gi to 100Ti, e.g. "100Gi".').req(),
  storageClass: s.text('Storage class or storage pool for the volume.'),
  mountPath: s.absolutePath('Where the volume is mounted in the machine.'),
});

export const machineStorage = s
  .object('Root volume and additional volumes.', {
    rootVolume,
    additionalVolumes: s.array('Additional volumes (API reference shape).', additionalVolume, {
      uniqueBy: 'name',
    }),
    dataVolumes: s.array('Data volumes (CRD shape).', dataVolume, { uniqueBy: 'name' }),
  })
  .refine((v, r) => {
    // The two lists become one list of volumes: names and mount paths must be unique across both
    // (duplicates within one list are reported by uniqueBy, and then this check does not run).
    const names = new Map<string, string>();
    const mounts = new Map<string, string>();
    const lists = [
      ['additionalVolumes', v.additionalVolumes ?? []],
      ['dataVolumes', v.dataVolumes ?? []],
    ] as const;
    for (const [list, volumes] of lists) {
      volumes.forEach((vol, i) => {
        const here = `${list}[${i}]`;
        const sameName = names.get(vol.name);
        if (sameName !== undefined) {
          r.add(
            [list, i, 'name'],
            `is already the name of storage.${sameName} (volume names must be unique across additionalVolumes and dataVolumes)`,
            vol.name,
          );
        } else names.set(vol.name, here);
        if (vol.mountPath === undefined) return;
        const sameMount = mounts.get(vol.mountPath);
        if (sameMount !== undefined) {
          r.add(
            [list, i, 'mountPath'],
            `is already the mount path of storage.${sameMount} (mount each volume at its own path)`,
            vol.mountPath,
          );
        } else mounts.set(vol.mountPath, here);
      });
    }
  });

// ------------------------------------------------------------------ networking

export const awsNetworkInterface = s.object(
  'An additional (elastic) network interface (API reference shape).',
  {
    deviceIndex: s.int('Device index on the machine; 0 is the primary interface.', { min: 0 }),
    subnetId: s.text('Subnet ID of the interface.'),
    privateIP: s.ip('Static private IP address of the interface.'),
    publicIP: s.bool('Assign a public IP address to the interface.'),
    securityGroups: s.strings('Security group names or IDs for the interface.', { unique: true }),
    deleteOnTermination: s.bool('Delete the interface when the machine is deleted.'),
  },
);

export const vmNetworkInterface = s.object(
  'A virtual NIC attached to a NetworkConfiguration (CRD shape).',
  {
    name: s.name('Interface name, e.g. "eth0".'),
    networkRef: objectRef('The NetworkConfiguration this interface attaches to.'),
    ipAddress: s.ip("Static IP address; otherwise one comes from the network's IPAM."),
    macAddress: s.mac('MAC address; otherwise one is generated.'),
  },
);

export const machineNetworking = s
  .object('Network placement: subnet, addresses, security groups and interfaces.', {
    subnet: s.text('Subnet ID or name.'),
    subnetId: s.text('Explicit subnet ID.'),
    privateIP: s.ip('Static private IP address.'),
    publicIP: s.bool('Assign a public IP address.'),
    securityGroups: s.strings('Security group names or IDs.', { unique: true }),
    networkInterfaces: s.array(
      'Additional network interfaces (API reference shape).',
      awsNetworkInterface,
      { uniqueBy: 'deviceIndex' },
    ),
    interfaces: s.array('Virtual NICs (CRD shape).', vmNetworkInterface, { uniqueBy: 'name' }),
  })
  .refine((v, r) => {
    if (v.subnet !== undefined && v.subnetId !== undefined) {
      r.add(
        ['subnetId'],
        'cannot be set together with subnet (both choose the subnet: keep subnet for an ID or name, or subnetId for an ID)',
        v.subnetId,
      );
    }
  });

// ------------------------------------------------------------------ operating system and boot

export const operatingSystem = s.object('Operating system of the machine (CRD shape).', {
  type: s.enum('Operating system family.', ['linux', 'windows', 'freebsd']),
  distribution: s.text('Distribution, e.g. ubuntu, centos, windows-server.'),
  version: s.text('Operating system version, e.g. "22.04".'),
  image: s.object('Where the machine image comes from.', {
    source: s.enum('Image source.', ['iso', 'template', 'cloud-image']),
    url: s.text('Image URL or template name.').req(),
  }),
});

export const bootConfig = s.object('Boot order and firmware (CRD shape).', {
  order: s.array('Boot devices in order.', s.enum('A boot device.', ['disk', 'network', 'cdrom']), {
    unique: true,
  }),
  firmware: s
    .object('Firmware of the machine.', {
      type: s.enum('Firmware type.', ['bios', 'uefi']),
      secureBoot: s.bool('Enable Secure Boot; needs uefi firmware.'),
    })
    .refine((v, r) => {
      if (v.secureBoot === true && v.type !== 'uefi') {
        const now = v.type === undefined ? 'firmware type is not set' : `firmware type is "bios"`;
        r.add(
          ['secureBoot'],
          `requires firmware type "uefi", but ${now} (set type: uefi, or turn secureBoot off)`,
          true,
        );
      }
    }),
});

// ------------------------------------------------------------------ access and first boot

export const sshKey = s
  .object('An SSH key installed on the machine.', {
    name: s.text("Key name, unique among the machine's keys.").req(),
    publicKey: s.sshPublicKey('The SSH public key.'),
    keyPairName: s.text('Name of a key pair that already exists in the cloud provider.'),
  })
  .refine((v, r) => {
    if (v.publicKey === undefined && v.keyPairName === undefined) {
      r.missing(
        ['publicKey'],
        'is required unless keyPairName is set (give the public key, or the name of a key pair the provider already has)',
      );
    }
  });

export const cloudInitConfig = s.object(
  'Cloud-init configuration: structured users, packages, files and commands (API reference shape) and raw user data, metadata and network data (CRD shape).',
  {
    enabled: s.bool('Enable cloud-init.'),
    users: s.array(
      'Users to create.',
      s.object('A user to create.', {
        name: s.text('User name.').req(),
        groups: s.strings('Groups the user belongs to.', { unique: true }),
        shell: s.text('Login shell, e.g. /bin/bash.'),
        sshAuthorizedKeys: s.strings('SSH public keys allowed to log in as this user.'),
        sudo: s.text('Sudo rule, e.g. "ALL=(ALL) NOPASSWD:ALL".'),
      }),
      { uniqueBy: 'name' },
    ),
    packages: s.strings('Packages to install.', { unique: true }),
    writeFiles: s.array(
      'Files to write.',
      s.object('A file to write.', {
        path: s.absolutePath('Absolute path of the file.').req(),
        content: s.string('Content of the file (never shown in messages).').secret(),
        permissions: s.fileMode('File mode, e.g. "0644".'),
        owner: s.text('Owner, e.g. "root:root".'),
      }),
      { uniqueBy: 'path' },
    ),
    runcmd: s.array(
      'Commands to run on first boot (never shown in messages).',
      s.string('A command.').secret(),
    ),
    userData: s
      .string('Raw cloud-init user data (never shown in messages); set this or spec.userData.')
      .secret(),
    metaData: s.string('Cloud-init metadata.'),
    networkData: s.string('Cloud-init network configuration.'),
  },
);
