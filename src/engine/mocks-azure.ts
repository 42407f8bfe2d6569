// Fake state of Azure (azure-native) resources and answers of its functions for the mocks (see mocks.ts).
import { fakeHex, type CloudMocks, type FakeState } from './mock-values';

function azureState(type: string, name: string, inputs: Record<string, unknown>): FakeState {
  return { id: `${name}-${fakeHex([type, name])}`, state: { ...inputs } };
}

function azureCall(): Record<string, unknown> | undefined {
  return undefined;
}

export const AZURE_MOCKS: CloudMocks = { pkg: 'azure-native', state: azureState, call: azureCall };
