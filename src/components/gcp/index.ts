// The GCP components, re-exported by name.
export { ApplicationLoadBalancer } from './application-load-balancer';
export { AuditLogging } from './audit-logging';
export { Dns } from './dns';
export { Encryption } from './encryption';
export { Firewall } from './firewall';
export { GkeBackupPlan } from './gke-backup-plan';
export { GkeCluster } from './gke-cluster';
export { GkeNodePool } from './gke-node-pool';
export { Machine } from './machine';
export { Network } from './network';
export { NetworkLoadBalancer } from './network-load-balancer';
export { gcpProvider } from './provider';
export { ServiceAccount } from './service-account';
export { SnapshotSchedule } from './snapshot-schedule';
