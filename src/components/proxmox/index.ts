export { Machine, type MachineArgs } from './machine';
export { VmFirewall, type VmFirewallArgs } from './vm-firewall';
export {
  credentialsFromSecret,
  proxmoxEndpoint,
  proxmoxProvider,
  type ProxmoxCredentials,
  type ProxmoxProviderArgs,
} from './provider';
