// Fake state of vSphere (the bindings in src/components/vsphere/sdk) resources and answers of its functions for the mocks (see mocks.ts).
import { fakeHex, type CloudMocks, type FakeState } from './mock-values';

function vsphereState(type: string, name: string, inputs: Record<string, unknown>): FakeState {
  return { id: `${name}-${fakeHex([type, name])}`, state: { ...inputs } };
}

function vsphereCall(): Record<string, unknown> | undefined {
  return undefined;
}

export const VSPHERE_MOCKS: CloudMocks = { pkg: 'vsphere', state: vsphereState, call: vsphereCall };
