// Deterministic fake values shared by the per-cloud mocks: hashes, addresses, and what a mock
// run remembers between resources (subnets, for placing machines in them).
import { createHash } from 'node:crypto';

export const FAKE_ACCOUNT = '123456789012';

/** A short stable hex digest of the parts. */
export function fakeHex(parts: readonly string[], length = 8): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, length);
}

/** An IPv4 address under `prefix` (two octets), picked by the hash. */
export function ipFromHash(hex: string, prefix: string): string {
  const n = parseInt(hex.slice(0, 4), 16);
  return `${prefix}.${(n >> 8) % 254 || 1}.${(n & 0xff) % 253 || 10}`;
}

/** The resource type part of a token: `aws:ec2/vpc:Vpc` -> `Vpc`. */
export function shortType(type: string): string {
  return type.split(':').pop() ?? type;
}

/** An address inside an IPv4 CIDR, picked by the hash (skipping the first 10 and the last). */
export function ipInCidr(cidr: string, hex: string): string | undefined {
  const [base, prefixText] = cidr.split('/');
  const octets = (base ?? '').split('.').map(Number);
  const prefix = Number(prefixText);
  if (octets.length !== 4 || !Number.isInteger(prefix) || prefix > 30) return undefined;
  const start = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  const host = 10 + (parseInt(hex.slice(0, 6), 16) % Math.max(1, size - 11));
  const v = start + host;
  return [24, 16, 8, 0].map((sh) => Math.floor(v / 2 ** sh) % 256).join('.');
}

/** A subnet the mocks have seen: machines placed in it get an address of its range. */
export interface MockSubnet {
  readonly cidr: string;
  readonly zone?: string;
}

/** What a cloud's fake state may read: the run's default region and the subnets seen so far. */
export interface MockContext {
  readonly region: string;
  /** Subnets by fake id (AWS subnet id, Azure subnet resource id, GCP subnetwork self link). */
  readonly subnets: Map<string, MockSubnet>;
}

/** The fake state of one resource, as the cloud would compute it. */
export interface FakeState {
  readonly id: string;
  readonly state: Record<string, unknown>;
}

/** One cloud's mocks: resource state and function answers for the tokens of its package. */
export interface CloudMocks {
  /** Package prefix of the tokens it answers, e.g. `aws`, `azure-native`, `gcp`. */
  readonly pkg: string;
  state(type: string, name: string, inputs: Record<string, unknown>, ctx: MockContext): FakeState;
  /** Undefined when the function is not one it knows (the inputs are echoed then). */
  call(
    token: string,
    inputs: Record<string, unknown>,
    ctx: MockContext,
  ): Record<string, unknown> | undefined;
}
