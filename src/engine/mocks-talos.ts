// Fake state of Talos (the bindings in src/components/talos/sdk) resources and answers of its functions for the mocks (see mocks.ts).
import { fakeHex, type CloudMocks, type FakeState } from './mock-values';

function talosState(type: string, name: string, inputs: Record<string, unknown>): FakeState {
  return { id: `${name}-${fakeHex([type, name])}`, state: { ...inputs } };
}

function talosCall(): Record<string, unknown> | undefined {
  return undefined;
}

export const TALOS_MOCKS: CloudMocks = { pkg: 'talos', state: talosState, call: talosCall };
