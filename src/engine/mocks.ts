// Pulumi mocks for the offline render, the tests and the benchmarks: deterministic fake ids, ARNs,
// IPs and DNS names, and a record of every resource (type, name, inputs, parent, dependencies).
import * as pulumi from '@pulumi/pulumi';
import {
  fakeHex,
  type CloudMocks,
  type FakeState,
  type MockContext,
  type MockSubnet,
} from './mock-values';
import { AWS_MOCKS } from './mocks-aws';
import { AZURE_MOCKS } from './mocks-azure';
import { GCP_MOCKS } from './mocks-gcp';
import { KUBEVIRT_MOCKS } from './mocks-kubevirt';
import { PROXMOX_MOCKS } from './mocks-proxmox';
import { TALOS_MOCKS } from './mocks-talos';
import { VSPHERE_MOCKS } from './mocks-vsphere';

export interface RecordedResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly custom: boolean;
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly state: Readonly<Record<string, unknown>>;
  readonly id?: string;
  /** URN of the parent resource ('' for top-level ones). */
  readonly parent: string;
  readonly dependencies: readonly string[];
  readonly protect: boolean;
  readonly provider?: string;
}

export interface RecordedCall {
  readonly token: string;
  readonly inputs: Readonly<Record<string, unknown>>;
}

export { FAKE_ACCOUNT, fakeHex } from './mock-values';

/** The providers whose resources the mocks fake; other packages' resources echo their inputs. */
const CLOUDS: readonly CloudMocks[] = [
  AWS_MOCKS,
  AZURE_MOCKS,
  GCP_MOCKS,
  PROXMOX_MOCKS,
  VSPHERE_MOCKS,
  TALOS_MOCKS,
  KUBEVIRT_MOCKS,
];

function cloudOf(token: string): CloudMocks | undefined {
  const pkg = token.split(':')[0];
  return CLOUDS.find((c) => c.pkg === pkg);
}

/** Outputs the cloud would compute, made up deterministically from type, name and inputs. */
export function fakeState(
  type: string,
  name: string,
  inputs: Record<string, unknown>,
  ctx: MockContext,
): FakeState {
  const cloud = cloudOf(type);
  if (cloud) return cloud.state(type, name, inputs, ctx);
  return { id: `${name}-${fakeHex([type, name])}`, state: { ...inputs } };
}

/** Fake answers for provider functions (data sources) the programs call. */
export function fakeCall(
  token: string,
  inputs: Record<string, unknown>,
  ctx: MockContext,
): Record<string, unknown> {
  return cloudOf(token)?.call(token, inputs, ctx) ?? { ...inputs };
}

interface MonitorRequest {
  getParent(): string;
  getDependenciesList(): string[];
  getProtect(): boolean;
  getType(): string;
  getName(): string;
}
interface MonitorResponse {
  getUrn(): string;
}
interface Monitor {
  registerResource(req: MonitorRequest, cb: (err: unknown, res?: MonitorResponse) => void): unknown;
}

/**
 * Mocks that record everything. `install()` calls `setMocks` (a fresh run each time) and wraps
 * the mock monitor so that parents and dependencies, which mocks do not receive, are recorded.
 */
export class RecordingMocks implements pulumi.runtime.Mocks {
  readonly resources: RecordedResource[] = [];
  readonly calls: RecordedCall[] = [];
  /** Subnets by fake id, so machines get an address and a zone of their subnet. */
  private readonly subnets = new Map<string, MockSubnet>();
  private readonly extra = new Map<
    string,
    { parent: string; dependencies: string[]; protect: boolean }
  >();
  private readonly pending: Omit<
    RecordedResource,
    'urn' | 'parent' | 'dependencies' | 'protect'
  >[] = [];

  constructor(readonly region = 'us-west-2') {}

  newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
    const inputs = (args.inputs ?? {}) as Record<string, unknown>;
    if (args.custom === false) {
      this.pending.push({ type: args.type, name: args.name, custom: false, inputs, state: {} });
      return { id: undefined, state: {} };
    }
    const { id, state } = fakeState(args.type, args.name, inputs, this.context());
    this.pending.push({
      type: args.type,
      name: args.name,
      custom: true,
      inputs,
      state,
      id: args.id !== undefined && args.id !== '' ? args.id : id,
      ...(args.provider !== undefined && args.provider !== '' ? { provider: args.provider } : {}),
    });
    return { id: args.id !== undefined && args.id !== '' ? args.id : id, state };
  }

  call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
    const inputs = (args.inputs ?? {}) as Record<string, unknown>;
    this.calls.push({ token: args.token, inputs });
    return fakeCall(args.token, inputs, this.context());
  }

  private context(): MockContext {
    return { region: this.region, subnets: this.subnets };
  }

  /** Starts a fresh mocked run for project/stack and hooks the monitor. */
  async install(project = 'vitistack', stack = 'test', preview = false): Promise<void> {
    await pulumi.runtime.setMocks(this, project, stack, preview);
    const monitor = pulumi.runtime.getMonitor() as unknown as Monitor;
    const original = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, cb) =>
      original(req, (err, res) => {
        if (!err && res) {
          this.extra.set(res.getUrn(), {
            parent: req.getParent(),
            dependencies: req.getDependenciesList(),
            protect: req.getProtect(),
          });
          this.settle(res.getUrn(), req.getType(), req.getName());
        }
        cb(err, res);
      });
  }

  private settle(urn: string, type: string, name: string): void {
    const i = this.pending.findIndex((p) => p.type === type && p.name === name);
    if (i < 0) return;
    const [p] = this.pending.splice(i, 1);
    const extra = this.extra.get(urn);
    if (!p || !extra) return;
    this.resources.push({ ...p, urn, ...extra });
  }

  byType(type: string): RecordedResource[] {
    return this.resources.filter((r) => r.type === type);
  }

  one(type: string, name: string): RecordedResource {
    const found = this.resources.find((r) => r.type === type && r.name === name);
    if (!found) {
      const names = this.byType(type).map((r) => r.name);
      throw new Error(`no ${type} named ${name} (have: ${names.join(', ') || 'none'})`);
    }
    return found;
  }

  /** Resource counts by type token. */
  counts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const r of this.resources) out[r.type] = (out[r.type] ?? 0) + 1;
    return out;
  }
}

/** Resolves an Output (or plain value) under mocks, for tests and the offline render. */
export function unwrap<T>(value: pulumi.Input<T>): Promise<T> {
  return new Promise((resolve) => {
    pulumi.output(value).apply((v) => {
      resolve(v as T);
      return v;
    });
  });
}
