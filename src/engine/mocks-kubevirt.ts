// Fake state of @pulumi/kubernetes resources for the mocks (see mocks.ts). Only KubeVirt
// VirtualMachines differ from an echo of their inputs: they report the status KubeVirt writes once
// a VM with runStrategy Always runs (printableStatus Running, ready). A VirtualMachine's status
// carries no addresses (those are on the VirtualMachineInstance), so none are made up here.
import { fakeHex, type CloudMocks, type FakeState } from './mock-values';

const VIRTUAL_MACHINE = 'kubernetes:kubevirt.io/v1:VirtualMachine';

function kubernetesState(type: string, name: string, inputs: Record<string, unknown>): FakeState {
  const id = `${name}-${fakeHex([type, name])}`;
  if (type !== VIRTUAL_MACHINE) return { id, state: { ...inputs } };
  const spec = (inputs.spec ?? {}) as Record<string, unknown>;
  const running = spec.runStrategy === 'Always' || spec.runStrategy === 'RerunOnFailure';
  return {
    id,
    state: {
      ...inputs,
      status: {
        created: true,
        ready: running,
        printableStatus: running ? 'Running' : 'Stopped',
      },
    },
  };
}

export const KUBEVIRT_MOCKS: CloudMocks = {
  pkg: 'kubernetes',
  state: kubernetesState,
  call: () => undefined,
};
