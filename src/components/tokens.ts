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
    // Azure components (issue 7).
  },
  gcp: {
    // GCP components (issue 7).
  },
  addons: {
    HelmAddons: 'vitistack:addons:HelmAddons',
  },
  stack: {
    Vitistack: 'vitistack:index:Vitistack',
  },
} as const;
