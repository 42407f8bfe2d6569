// The resource groups of a stack: one per subscription and name (a MachineProvider's
// resourceGroup, an AKS cluster's), created once on first use with the provider that asked first.
import * as resources from '@pulumi/azure-native/resources';
import type * as pulumi from '@pulumi/pulumi';
import { azureTags, stableHash } from '../../components/azure/util';
import type { AzureAccount } from './providers';

export interface ResourceGroupRef {
  readonly name: pulumi.Output<string>;
  readonly id: pulumi.Output<string>;
  readonly location: string;
}

export class ResourceGroups {
  private readonly made = new Map<string, ResourceGroupRef>();

  constructor(
    private readonly parent: pulumi.Resource,
    private readonly tags: Readonly<Record<string, string>>,
  ) {}

  /** The resource group `name` in the account's subscription, made in its location the first time. */
  get(account: AzureAccount, name: string): ResourceGroupRef {
    const key = `${account.subscriptionId}/${name.toLowerCase()}`;
    const found = this.made.get(key);
    if (found !== undefined) return found;
    // The same name in a second subscription gets its own resource name.
    const clash = [...this.made.keys()].some((k) => k.endsWith(`/${name.toLowerCase()}`));
    const rg = new resources.ResourceGroup(
      clash ? `${name}-${stableHash([account.subscriptionId], 6)}` : name,
      { resourceGroupName: name, location: account.location, tags: azureTags(this.tags) },
      { parent: this.parent, provider: account.provider },
    );
    const ref = { name: rg.name, id: rg.id, location: account.location };
    this.made.set(key, ref);
    return ref;
  }
}
