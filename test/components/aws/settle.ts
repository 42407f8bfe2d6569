// Waits until every pending resource registration of the mocked run has finished, so tests see
// leaf resources (routes, rules, attachments) that no component output depends on.
import * as pulumi from '@pulumi/pulumi';

interface RuntimeWithWait {
  waitForRPCs?: () => Promise<void>;
}

export async function settle(): Promise<void> {
  // waitForRPCs is exported by @pulumi/pulumi's runtime at run time but not in its typings.
  const wait = (pulumi.runtime as unknown as RuntimeWithWait).waitForRPCs;
  if (wait === undefined) throw new Error('@pulumi/pulumi no longer exports runtime.waitForRPCs');
  await wait();
}
