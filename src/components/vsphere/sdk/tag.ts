// A vSphere tag (vsphere:index/tag:Tag), hand-written in the shape of the generated
// @pulumi/vsphere class.
import * as pulumi from '@pulumi/pulumi';
import { hasPulumiType, resourceInputs, resourceOptions, type ResourceSpec } from './utilities';

export const TAG = {
  token: 'vsphere:index/tag:Tag',
  inputs: ['categoryId', 'description', 'name'],
  required: ['categoryId'],
  secretInputs: [],
  computed: [],
  secretOutputs: [],
  nested: {},
} as const satisfies ResourceSpec;

export interface TagArgs {
  /** The ID of the category the tag belongs to; changing it replaces the tag. */
  readonly categoryId: pulumi.Input<string>;
  /** A description for the tag. */
  readonly description?: pulumi.Input<string>;
  /** The tag name, unique in its category. Defaults to the resource name plus a random suffix. */
  readonly name?: pulumi.Input<string>;
}

/** A vSphere tag, attached to objects through their `tags` input. */
export class Tag extends pulumi.CustomResource {
  /** @internal */
  static readonly __pulumiType = TAG.token;

  /** Whether `obj` is a Tag, even when several copies of the SDK are loaded. */
  static override isInstance(obj: unknown): obj is Tag {
    return hasPulumiType(obj, Tag.__pulumiType);
  }

  /** The ID of the category the tag belongs to. */
  declare readonly categoryId: pulumi.Output<string>;
  /** A description for the tag. */
  declare readonly description: pulumi.Output<string | undefined>;
  /** The display name of the tag. */
  declare readonly name: pulumi.Output<string>;

  constructor(name: string, args: TagArgs, opts: pulumi.CustomResourceOptions = {}) {
    super(Tag.__pulumiType, name, resourceInputs(TAG, args, opts), resourceOptions(TAG, opts));
  }
}
