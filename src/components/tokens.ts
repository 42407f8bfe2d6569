// Every component type token, in one place. Renaming one needs `aliases` on the component, or
// every existing stack replaces its resources.
export const TOKENS = {
  aws: {
    Network: 'vitistack:aws:Network',
    Firewall: 'vitistack:aws:Firewall',
    LoadBalancer: 'vitistack:aws:LoadBalancer',
    Dns: 'vitistack:aws:Dns',
    Encryption: 'vitistack:aws:Encryption',
    AuditLogging: 'vitistack:aws:AuditLogging',
    FlowLogs: 'vitistack:aws:FlowLogs',
    Machine: 'vitistack:aws:Machine',
    EksCluster: 'vitistack:aws:EksCluster',
    EksNodeGroup: 'vitistack:aws:EksNodeGroup',
    Backup: 'vitistack:aws:Backup',
  },
  azure: {
    Network: 'vitistack:azure:Network',
    Firewall: 'vitistack:azure:Firewall',
    LoadBalancer: 'vitistack:azure:LoadBalancer',
    Dns: 'vitistack:azure:Dns',
    Encryption: 'vitistack:azure:Encryption',
    AuditLogging: 'vitistack:azure:AuditLogging',
    Backup: 'vitistack:azure:Backup',
    Machine: 'vitistack:azure:Machine',
    AksCluster: 'vitistack:azure:AksCluster',
  },
  gcp: {
    Network: 'vitistack:gcp:Network',
    Firewall: 'vitistack:gcp:Firewall',
    NetworkLoadBalancer: 'vitistack:gcp:NetworkLoadBalancer',
    ApplicationLoadBalancer: 'vitistack:gcp:ApplicationLoadBalancer',
    Dns: 'vitistack:gcp:Dns',
    Encryption: 'vitistack:gcp:Encryption',
    AuditLogging: 'vitistack:gcp:AuditLogging',
    SnapshotSchedule: 'vitistack:gcp:SnapshotSchedule',
    ServiceAccount: 'vitistack:gcp:ServiceAccount',
    Machine: 'vitistack:gcp:Machine',
    GkeCluster: 'vitistack:gcp:GkeCluster',
    GkeNodePool: 'vitistack:gcp:GkeNodePool',
    GkeBackupPlan: 'vitistack:gcp:GkeBackupPlan',
  },
  proxmox: {
    Machine: 'vitistack:proxmox:Machine',
    VmFirewall: 'vitistack:proxmox:VmFirewall',
  },
  vsphere: {
    Inventory: 'vitistack:vsphere:Inventory',
    Machine: 'vitistack:vsphere:Machine',
  },
  kubevirt: {
    VirtualMachine: 'vitistack:kubevirt:VirtualMachine',
    NetworkAttachment: 'vitistack:kubevirt:NetworkAttachment',
    NetworkPolicy: 'vitistack:kubevirt:NetworkPolicy',
  },
  talos: {
    TalosCluster: 'vitistack:talos:TalosCluster',
  },
  addons: {
    HelmAddons: 'vitistack:addons:HelmAddons',
  },
  stack: {
    Vitistack: 'vitistack:index:Vitistack',
  },
} as const;
