// Machines of AWS MachineProviders -> EC2 instances with their disks.
import type * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { Machine, VOLUME_TYPES, type VolumeType } from '../../components/aws/machine';
import type { ResolvedMachine, ResolvedMachineProvider } from '../../model';
import type { MachineOutput } from '../outputs';
import { machinePlan, type PlannedDisk } from '../machine-plan';
import type { AwsFoundation } from './foundation';

/** An EBS volume type: the one written when EBS has it, else gp3. */
function volumeType(t: string | undefined): VolumeType {
  return (VOLUME_TYPES as readonly string[]).includes(t ?? '') ? (t as VolumeType) : 'gp3';
}

/** Errors a user must fix in the manifests before this machine can be built on AWS. */
export function awsMachineProblems(m: ResolvedMachine, foundation: AwsFoundation): string[] {
  const where = `Machine ${m.key}`;
  const problems: string[] = [];
  if (m.instanceType === undefined) {
    problems.push(
      `${where}: spec.instanceType is not set and its MachineProvider offers none; set spec.instanceType, e.g. "t3.micro"`,
    );
  }
  if (m.image === undefined || !m.image.id.startsWith('ami-')) {
    problems.push(
      `${where}: image ${JSON.stringify(m.image?.id ?? null)} is not an AMI ID; list the image with an imageId "ami-..." in the MachineProvider's machineImages`,
    );
  }
  if (m.subnet !== undefined && foundation.subnet(m.subnet) === undefined) {
    problems.push(
      `${where}: subnet ${JSON.stringify(m.subnet)} is neither a subnet of the Vitistack nor a "subnet-..." ID`,
    );
  }
  if (
    m.subnet === undefined &&
    foundation.privateSubnetIds.length === 0 &&
    foundation.publicSubnetIds.length === 0
  ) {
    problems.push(
      `${where}: the Vitistack has no subnets to place the machine in; add networking.vpcs with subnets or set spec.networking.subnet`,
    );
  }
  for (const sg of m.machine.spec.network.securityGroups) {
    if (foundation.securityGroup(sg) === undefined) {
      problems.push(
        `${where}: security group ${JSON.stringify(sg)} is not defined; add it to the MachineProvider's securityGroups or use an "sg-..." ID`,
      );
    }
  }
  return problems;
}

export function buildAwsMachine(
  m: ResolvedMachine,
  provider: ResolvedMachineProvider,
  foundation: AwsFoundation,
  parent: pulumi.Resource,
  awsProvider: aws.Provider,
): { component: Machine; output: pulumi.Output<MachineOutput> } {
  const spec = m.machine.spec;
  const plan = machinePlan(m, provider);
  const kms = (d: PlannedDisk) => (d.encrypted ? (d.kmsKeyId ?? foundation.kmsKeyArn) : undefined);
  const subnet =
    (m.subnet !== undefined ? foundation.subnet(m.subnet) : undefined) ??
    (m.publicIP ? foundation.publicSubnetIds[0] : foundation.privateSubnetIds[0]) ??
    foundation.publicSubnetIds[0] ??
    '';
  const groups = [
    ...(foundation.vitistackGroupId ? [foundation.vitistackGroupId] : []),
    ...spec.network.securityGroups.map((g) => foundation.securityGroup(g) ?? g),
  ];
  const root = plan.root;
  const rootKms = kms(root);
  const component = new Machine(
    m.machine.metadata.name,
    {
      name: m.machine.metadata.name,
      instanceType: m.instanceType ?? '',
      ami: m.image?.id ?? '',
      subnetId: subnet,
      securityGroupIds: groups,
      associatePublicIp: m.publicIP,
      ...(spec.network.privateIP !== undefined ? { privateIp: spec.network.privateIP } : {}),
      rootVolume: {
        sizeGiB: root.sizeGiB,
        type: volumeType(root.type),
        ...(root.iops !== undefined ? { iops: root.iops } : {}),
        ...(root.throughput !== undefined ? { throughput: root.throughput } : {}),
        encrypted: root.encrypted,
        ...(rootKms !== undefined ? { kmsKeyArn: rootKms } : {}),
        ...(root.deleteOnTermination !== undefined
          ? { deleteOnTermination: root.deleteOnTermination }
          : {}),
      },
      volumes: plan.volumes.map((v) => {
        const volumeKms = kms(v);
        return {
          name: v.name,
          sizeGiB: v.sizeGiB,
          type: volumeType(v.type),
          ...(v.iops !== undefined ? { iops: v.iops } : {}),
          encrypted: v.encrypted,
          ...(volumeKms !== undefined ? { kmsKeyArn: volumeKms } : {}),
        };
      }),
      ...(plan.userData !== undefined ? { userData: pulumi.secret(plan.userData) } : {}),
      ...(plan.sshPublicKey !== undefined ? { sshPublicKey: plan.sshPublicKey } : {}),
      ...(plan.keyPairName !== undefined ? { keyPairName: plan.keyPairName } : {}),
      ...(spec.placement?.placementGroup !== undefined
        ? { placementGroup: spec.placement.placementGroup }
        : {}),
      ...(spec.placement?.tenancy !== undefined ? { tenancy: spec.placement.tenancy } : {}),
      tags: m.tags,
    },
    { parent, provider: awsProvider },
  );
  const addresses = pulumi.all([
    component.instanceId,
    component.state,
    component.privateIp,
    component.publicIp,
    component.privateDns,
    component.publicDns,
    component.availabilityZone,
    component.rootVolumeId,
  ]);
  const output = pulumi
    .all([addresses, component.volumeIds])
    .apply(
      ([
        [id, state, privateIP, publicIP, privateDNS, publicDNS, az, rootId],
        volumeIds,
      ]): MachineOutput => ({
        id,
        state,
        privateIP,
        ...(publicIP ? { publicIP } : {}),
        ...(privateDNS ? { privateDNS } : {}),
        ...(publicDNS ? { publicDNS } : {}),
        availabilityZone: az,
        ...(rootId !== undefined
          ? {
              rootVolume: {
                id: rootId,
                size: `${root.sizeGiB}Gi`,
                type: volumeType(root.type),
                state: 'in-use',
              },
            }
          : {}),
        additionalVolumes: spec.volumes.map((v) => ({
          id: volumeIds[v.name] ?? '',
          name: v.name,
          size: v.size,
          ...(v.mountPath !== undefined ? { mountPath: v.mountPath } : {}),
          state: 'in-use',
        })),
      }),
    );
  return { component, output };
}
