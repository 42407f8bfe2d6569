// One KubeVirt VirtualMachine with its disks (DataVolume templates, see vm-spec.ts), the Secret
// holding its cloud-init user data (secret: user data often carries tokens and passwords) and the
// Secret of its SSH public keys, which KubeVirt hands to the guest through cloud-init NoCloud.
import * as kubernetes from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { assertValid } from '../aws/util';
import { TOKENS } from '../tokens';
import {
  dataVolumeName,
  validateVirtualMachineArgs,
  virtualMachineSpec,
  type VirtualMachineArgs,
} from './vm-spec';

export type { VirtualMachineArgs } from './vm-spec';

/** The part of a VirtualMachine's status the program reads. */
export interface VirtualMachineStatus {
  /** KubeVirt's summary: Stopped, Provisioning, Starting, Running, ErrorUnschedulable, ... */
  readonly printableStatus?: string;
  readonly ready?: boolean;
}

/** Key of the user data in the cloud-init Secret (KubeVirt reads `userdata` or `userData`). */
export const USER_DATA_KEY = 'userdata';

/** A NoCloud volume needs user or network data; SSH keys alone get this empty document. */
const EMPTY_CLOUD_CONFIG = '#cloud-config\n';

export class VirtualMachine extends pulumi.ComponentResource {
  /** `namespace/name` of the VM. */
  public readonly vmId: pulumi.Output<string>;
  public readonly vmName: pulumi.Output<string>;
  public readonly namespace: pulumi.Output<string>;
  /** KubeVirt's status summary; undefined until KubeVirt has written one. */
  public readonly printableStatus: pulumi.Output<string | undefined>;
  /** DataVolume (and PVC) name by disk name, root disk included. */
  public readonly dataVolumes: pulumi.Output<Record<string, string>>;

  constructor(name: string, args: VirtualMachineArgs, opts?: pulumi.ComponentResourceOptions) {
    assertValid('VirtualMachine', args.name, validateVirtualMachineArgs(args));
    super(TOKENS.kubevirt.VirtualMachine, name, {}, opts);
    const meta = (suffix: string) => ({
      name: `${args.name}-${suffix}`,
      namespace: args.namespace,
      labels: { ...args.labels },
    });
    const keys = args.sshPublicKeys ?? [];
    const userData =
      args.userData ??
      (keys.length > 0 && args.networkData === undefined ? EMPTY_CLOUD_CONFIG : undefined);
    const userDataSecret =
      userData !== undefined
        ? new kubernetes.core.v1.Secret(
            `${name}-cloudinit`,
            {
              metadata: meta('cloudinit'),
              type: 'Opaque',
              stringData: pulumi.secret(
                pulumi.output(userData).apply((u) => ({ [USER_DATA_KEY]: u })),
              ),
            },
            { parent: this },
          )
        : undefined;
    const sshKeySecret =
      keys.length > 0
        ? new kubernetes.core.v1.Secret(
            `${name}-ssh-keys`,
            {
              metadata: meta('ssh-keys'),
              type: 'Opaque',
              // Public keys: not secret, but accessCredentials only reads them from a Secret.
              stringData: Object.fromEntries(keys.map((k, i) => [`key${i}`, k])),
            },
            { parent: this },
          )
        : undefined;

    const vm = new kubernetes.apiextensions.CustomResource(
      `${name}-vm`,
      {
        apiVersion: 'kubevirt.io/v1',
        kind: 'VirtualMachine',
        metadata: {
          name: args.name,
          namespace: args.namespace,
          labels: { ...args.labels },
          ...(args.annotations !== undefined ? { annotations: { ...args.annotations } } : {}),
        },
        spec: virtualMachineSpec(args, {
          // Names taken from the Secrets, so the VM is created after them.
          ...(userDataSecret ? { userDataSecret: userDataSecret.metadata.name } : {}),
          ...(sshKeySecret ? { sshKeySecret: sshKeySecret.metadata.name } : {}),
        }),
        // Declared so the object's live status (written by KubeVirt) becomes an output.
        status: undefined,
      },
      { parent: this },
    );
    const status = (vm as unknown as { status: pulumi.Output<VirtualMachineStatus | undefined> })
      .status;

    this.vmName = vm.metadata.name;
    this.namespace = vm.metadata.namespace;
    this.vmId = pulumi.interpolate`${vm.metadata.namespace}/${vm.metadata.name}`;
    this.printableStatus = status.apply((s) => s?.printableStatus);
    const disks = [args.rootDisk, ...(args.dataDisks ?? [])];
    this.dataVolumes = pulumi.output(
      Object.fromEntries(disks.map((d) => [d.name, dataVolumeName(args.name, d.name)])),
    );
    this.registerOutputs({
      vmId: this.vmId,
      vmName: this.vmName,
      namespace: this.namespace,
      printableStatus: this.printableStatus,
      dataVolumes: this.dataVolumes,
    });
  }
}
