// Fake state of Proxmox VE (@muhlba91/pulumi-proxmoxve) resources and answers of its functions for the mocks (see mocks.ts).
import { fakeHex, type CloudMocks, type FakeState } from './mock-values';

function proxmoxState(type: string, name: string, inputs: Record<string, unknown>): FakeState {
  return { id: `${name}-${fakeHex([type, name])}`, state: { ...inputs } };
}

function proxmoxCall(): Record<string, unknown> | undefined {
  return undefined;
}

export const PROXMOX_MOCKS: CloudMocks = {
  pkg: 'proxmoxve',
  state: proxmoxState,
  call: proxmoxCall,
};
