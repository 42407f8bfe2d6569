// Network policies: no admin ports open to the internet, HTTP only as a redirect to HTTPS, and
// private subnets that reach the internet only through a NAT.
//
// An unknown value (computed during preview) is neither good nor bad: every check reads through
// the checks.ts readers and skips what it cannot judge. Stack policies link resources by their
// (property) dependencies, since the ids of new resources are unknown under preview.
import { noOpenAdminIngress } from './admin-ingress';
import { httpsRedirect } from './https-redirect';
import { privateSubnetsUseNat } from './nat-routing';
import type { VitistackPolicy } from './types';

export { noOpenAdminIngress, httpsRedirect, privateSubnetsUseNat };

export const NETWORK_POLICIES: readonly VitistackPolicy[] = [
  noOpenAdminIngress,
  httpsRedirect,
  privateSubnetsUseNat,
];
