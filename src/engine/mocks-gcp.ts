// Fake state of GCP resources and answers of its functions for the mocks (see mocks.ts).
import { fakeHex, type CloudMocks, type FakeState } from './mock-values';

function gcpState(type: string, name: string, inputs: Record<string, unknown>): FakeState {
  return { id: `${name}-${fakeHex([type, name])}`, state: { ...inputs } };
}

function gcpCall(): Record<string, unknown> | undefined {
  return undefined;
}

export const GCP_MOCKS: CloudMocks = { pkg: 'gcp', state: gcpState, call: gcpCall };
