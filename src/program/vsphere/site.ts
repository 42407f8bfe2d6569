// One vSphere MachineProvider as the program uses it: its provider resource, its identity
// (datacenter, cluster, datastore, resource pool, folder) and the lookups of what exists in vCenter
// (datacenter, datastore, resource pools, port groups, templates, compute clusters). Each lookup
// is made once per stack, on first use, so the plan lists one invoke per object, and a provider
// without VMs looks nothing up.
import * as pulumi from '@pulumi/pulumi';
import { Inventory, type InventoryTag, type MachineTemplate } from '../../components/vsphere';
import * as vsphere from '../../components/vsphere/sdk';
import type { ResolvedMachineProvider } from '../../model';
import type { CloudEnv } from '../cloud';
import type { VsphereIdentity } from './placement';

export class VsphereSite {
  private readonly cache = new Map<string, pulumi.Output<unknown>>();
  private readonly opts: pulumi.InvokeOutputOptions;
  private built?: Inventory;

  constructor(
    readonly provider: ResolvedMachineProvider,
    readonly identity: VsphereIdentity,
    readonly resource: vsphere.Provider,
    private readonly env: CloudEnv,
    /** Every tag the stack's VMs on this provider carry (the category's tags). */
    private readonly tags: readonly InventoryTag[],
  ) {
    this.opts = { provider: resource, parent: env.root };
  }

  /**
   * The stack's VM folder and tags in this vCenter, made with the first VM: planning registers
   * nothing but providers. The folder is the stack's name, under the provider's folder if any.
   */
  inventory(): Inventory {
    if (this.built) return this.built;
    const stack = this.env.model.stackName;
    const parent = this.identity.folder?.replace(/^\/+|\/+$/g, '');
    this.built = new Inventory(
      this.provider.key.replace('/', '-'),
      {
        datacenterId: this.datacenterId(),
        folderPath: parent ? `${parent}/${stack}` : stack,
        categoryName: `vitistack-${stack}-${this.provider.provider.metadata.name}`,
        categoryDescription: `Vitistack labels of the VMs of stack ${stack} on MachineProvider ${this.provider.key}`,
        tags: this.tags,
      },
      { parent: this.env.root, provider: this.resource },
    );
    return this.built;
  }

  private once<T>(key: string, make: () => pulumi.Output<T>): pulumi.Output<T> {
    const found = this.cache.get(key) as pulumi.Output<T> | undefined;
    if (found) return found;
    const made = make();
    this.cache.set(key, made);
    return made;
  }

  /** Managed object ID of the provider's datacenter. */
  datacenterId(): pulumi.Output<string> {
    return this.once('datacenter', () =>
      vsphere.getDatacenterOutput({ name: this.identity.datacenter }, this.opts).apply((d) => d.id),
    );
  }

  /** Managed object ID of the provider's datastore; undefined when it names none. */
  datastoreId(): pulumi.Output<string> | undefined {
    const name = this.identity.datastore;
    if (name === undefined) return undefined;
    return this.once(`datastore ${name}`, () =>
      vsphere
        .getDatastoreOutput({ name, datacenterId: this.datacenterId() }, this.opts)
        .apply((d) => d.id),
    );
  }

  resourcePoolId(name: string): pulumi.Output<string> {
    return this.once(`pool ${name}`, () =>
      vsphere
        .getResourcePoolOutput({ name, datacenterId: this.datacenterId() }, this.opts)
        .apply((d) => d.id),
    );
  }

  /** Managed object ID of a port group (standard or distributed) by name. */
  networkId(name: string): pulumi.Output<string> {
    return this.once(`network ${name}`, () =>
      vsphere
        .getNetworkOutput({ name, datacenterId: this.datacenterId() }, this.opts)
        .apply((d) => d.id),
    );
  }

  /** The template's UUID, guest ID, firmware, disks, NIC types and size, by name or path. */
  template(name: string): pulumi.Output<MachineTemplate> {
    return this.once(`template ${name}`, () =>
      vsphere.getVirtualMachineOutput({ name, datacenterId: this.datacenterId() }, this.opts),
    );
  }

  /** Managed object ID of a compute cluster (for DRS rules). */
  computeClusterId(name: string): pulumi.Output<string> {
    return this.once(`cluster ${name}`, () =>
      vsphere
        .getComputeClusterOutput({ name, datacenterId: this.datacenterId() }, this.opts)
        .apply((d) => d.id),
    );
  }
}
