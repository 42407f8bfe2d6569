export { VirtualMachine, type VirtualMachineArgs } from './virtual-machine';
export { NetworkAttachment, type NetworkAttachmentArgs } from './network-attachment';
export { VmNetworkPolicy, type VmNetworkPolicyArgs } from './network-policy';
export { kubevirtProvider, kubeconfigFromSecret, type KubevirtProviderArgs } from './provider';
