// Offline render: the real program under Pulumi mocks, with deterministic fake outputs. Used by
// `vitistack render`, the tests, offline policy evaluation and the benchmarks.
import * as pulumi from '@pulumi/pulumi';
import { RecordingMocks, unwrap, type RecordedResource } from './mocks';

export interface ResourceNode {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  readonly children: ResourceNode[];
}

export interface RenderOptions {
  readonly project?: string;
  readonly stack: string;
  /** Region used for fake ARNs and DNS names. */
  readonly region?: string;
  /**
   * Skip the SDK's per-promise and per-resource bookkeeping while rendering: the stack it
   * captures on every internal promise (see PULUMI-NOTES.md), its leak tracking (which only
   * reports at process exit of a real deployment) and each resource's source-position stack.
   * Outputs are identical; about 4x faster at 1,000 machines and a third less heap.
   * Defaults to `true`.
   */
  readonly fast?: boolean;
}

export interface RenderResult<O> {
  readonly resources: readonly RecordedResource[];
  readonly tree: readonly ResourceNode[];
  /** Resource count per type token, components included. */
  readonly counts: Readonly<Record<string, number>>;
  /** The program's return value with every Output resolved. */
  readonly outputs: O;
}

/** Builds the component -> children tree from the recorded parent URNs. */
export function resourceTree(resources: readonly RecordedResource[]): ResourceNode[] {
  const nodes = new Map<string, ResourceNode>();
  for (const r of resources)
    nodes.set(r.urn, { type: r.type, name: r.name, urn: r.urn, children: [] });
  const roots: ResourceNode[] = [];
  for (const r of resources) {
    const node = nodes.get(r.urn);
    if (!node) continue;
    const parent = r.parent === '' ? undefined : nodes.get(r.parent);
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

/**
 * Runs `program` under fresh mocks and waits for every resource it registered. The program
 * returns plain data and Outputs; the result has them resolved.
 */
export async function renderProgram<O>(
  program: () => O | Promise<O>,
  opts: RenderOptions,
): Promise<RenderResult<pulumi.Unwrap<O>>> {
  const mocks = new RecordingMocks(opts.region ?? 'us-west-2');
  await mocks.install(opts.project ?? 'vitistack', opts.stack, false);
  const limit = Error.stackTraceLimit;
  const restore = opts.fast !== false ? skipPromiseBookkeeping() : undefined;
  if (opts.fast !== false) Error.stackTraceLimit = 0;
  try {
    const returned = await program();
    const outputs = (await unwrap(returned as pulumi.Input<unknown>)) as pulumi.Unwrap<O>;
    // Resources register asynchronously: wait until the SDK has no RPCs left in flight.
    await waitForRegistrations();
    return {
      resources: mocks.resources,
      tree: resourceTree(mocks.resources),
      counts: mocks.counts(),
      outputs,
    };
  } catch (err) {
    // A program that failed part-way has registrations in flight: let them finish against
    // these mocks, or they land in the next render's run and fail there.
    await waitForRegistrations().catch(() => undefined);
    throw err;
  } finally {
    Error.stackTraceLimit = limit;
    restore?.();
  }
}

interface DebuggableModule {
  debuggablePromise?: <T>(p: Promise<T>, ctx: unknown) => Promise<T>;
}

/**
 * The SDK calls `debuggable_1.debuggablePromise(...)` through the module object, so replacing
 * the export for the duration of a render takes effect. Returns the undo; a no-op when a future
 * SDK no longer has the function.
 */
function skipPromiseBookkeeping(): () => void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require('@pulumi/pulumi/runtime/debuggable') as DebuggableModule;
  const original = mod.debuggablePromise;
  if (typeof original === 'function') mod.debuggablePromise = <T>(p: Promise<T>) => p;
  // Every resource also captures a full stack (limit raised to Infinity) for its source
  // position, which only the engine's diagnostics use: none under mocks.
  const resource = pulumi.Resource as unknown as { callsites?: () => unknown[] };
  const callsites = resource.callsites;
  if (typeof callsites === 'function') resource.callsites = () => [];
  return () => {
    if (typeof original === 'function') mod.debuggablePromise = original;
    if (typeof callsites === 'function') resource.callsites = callsites;
  };
}

/**
 * Waits until the SDK's outstanding resource registrations have settled, so leaf resources that
 * no output depends on are recorded too, and a run's registrations never land in the next run.
 */
export async function waitForRegistrations(): Promise<void> {
  // `waitForRPCs` is exported by the runtime but left out of its type declarations.
  const wait = (pulumi.runtime as unknown as { waitForRPCs?: () => Promise<void> }).waitForRPCs;
  if (wait === undefined) throw new Error('@pulumi/pulumi no longer exports runtime.waitForRPCs');
  await wait();
}
