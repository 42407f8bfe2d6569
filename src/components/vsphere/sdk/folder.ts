// A vSphere inventory folder (vsphere:index/folder:Folder), hand-written in the shape of the
// generated @pulumi/vsphere class.
import * as pulumi from '@pulumi/pulumi';
import { hasPulumiType, resourceInputs, resourceOptions, type ResourceSpec } from './utilities';

export const FOLDER = {
  token: 'vsphere:index/folder:Folder',
  inputs: ['customAttributes', 'datacenterId', 'path', 'tags', 'type'],
  required: ['path', 'type'],
  secretInputs: [],
  computed: [],
  secretOutputs: [],
  nested: {},
} as const satisfies ResourceSpec;

export interface FolderArgs {
  /** Map of custom attribute IDs to attribute values to set on the folder. */
  readonly customAttributes?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** The ID of the datacenter the folder is created in (not for `datacenter` folders). */
  readonly datacenterId?: pulumi.Input<string>;
  /** The path of the folder, relative to the root folder of its type in the datacenter. */
  readonly path: pulumi.Input<string>;
  /** The IDs of any tags to attach to this resource. */
  readonly tags?: pulumi.Input<pulumi.Input<string>[]>;
  /** The type of folder: `datacenter`, `host`, `vm`, `datastore` or `network`. */
  readonly type: pulumi.Input<string>;
}

/** A folder of virtual machines, hosts, datastores, networks or datacenters. */
export class Folder extends pulumi.CustomResource {
  /** @internal */
  static readonly __pulumiType = FOLDER.token;

  /** Whether `obj` is a Folder, even when several copies of the SDK are loaded. */
  static override isInstance(obj: unknown): obj is Folder {
    return hasPulumiType(obj, Folder.__pulumiType);
  }

  /** Map of custom attribute IDs to attribute values set on the folder. */
  declare readonly customAttributes: pulumi.Output<Record<string, string> | undefined>;
  /** The ID of the datacenter the folder is created in. */
  declare readonly datacenterId: pulumi.Output<string | undefined>;
  /** The path of the folder, relative to the root folder of its type in the datacenter. */
  declare readonly path: pulumi.Output<string>;
  /** The IDs of the tags attached to this resource. */
  declare readonly tags: pulumi.Output<string[] | undefined>;
  /** The type of folder. */
  declare readonly type: pulumi.Output<string>;

  constructor(name: string, args: FolderArgs, opts: pulumi.CustomResourceOptions = {}) {
    super(
      Folder.__pulumiType,
      name,
      resourceInputs(FOLDER, args, opts),
      resourceOptions(FOLDER, opts),
    );
  }
}
