// A vSphere tag category (vsphere:index/tagCategory:TagCategory), hand-written in the shape of
// the generated @pulumi/vsphere class.
import * as pulumi from '@pulumi/pulumi';
import { hasPulumiType, resourceInputs, resourceOptions, type ResourceSpec } from './utilities';

export const TAG_CATEGORY = {
  token: 'vsphere:index/tagCategory:TagCategory',
  inputs: ['associableTypes', 'cardinality', 'description', 'name'],
  required: ['associableTypes', 'cardinality'],
  secretInputs: [],
  computed: [],
  secretOutputs: [],
  nested: {},
} as const satisfies ResourceSpec;

export interface TagCategoryArgs {
  /** The object types this category's tags may be assigned to, e.g. `VirtualMachine`. */
  readonly associableTypes: pulumi.Input<pulumi.Input<string>[]>;
  /** How many tags of this category one object may carry: `SINGLE` or `MULTIPLE`. */
  readonly cardinality: pulumi.Input<string>;
  /** A description for the category. */
  readonly description?: pulumi.Input<string>;
  /** The name of the category. Defaults to the resource name plus a random suffix. */
  readonly name?: pulumi.Input<string>;
}

/** A category of vSphere tags. */
export class TagCategory extends pulumi.CustomResource {
  /** @internal */
  static readonly __pulumiType = TAG_CATEGORY.token;

  /** Whether `obj` is a TagCategory, even when several copies of the SDK are loaded. */
  static override isInstance(obj: unknown): obj is TagCategory {
    return hasPulumiType(obj, TagCategory.__pulumiType);
  }

  /** The object types this category's tags may be assigned to. */
  declare readonly associableTypes: pulumi.Output<string[]>;
  /** How many tags of this category one object may carry. */
  declare readonly cardinality: pulumi.Output<string>;
  /** A description for the category. */
  declare readonly description: pulumi.Output<string | undefined>;
  /** The name of the category. */
  declare readonly name: pulumi.Output<string>;

  constructor(name: string, args: TagCategoryArgs, opts: pulumi.CustomResourceOptions = {}) {
    super(
      TagCategory.__pulumiType,
      name,
      resourceInputs(TAG_CATEGORY, args, opts),
      resourceOptions(TAG_CATEGORY, opts),
    );
  }
}
