// The clouds the program builds, one CloudProgram each (see cloud.ts). A MachineProvider type or
// distribution listed here must also be in BUILT_MACHINE_PROVIDER_TYPES / BUILT_DISTRIBUTIONS
// (src/model/defaults.ts), which tell the model and the controller what is supported.
import { AWS_PROGRAM } from './aws/program';
import { AZURE_PROGRAM } from './azure/program';
import type { CloudProgram } from './cloud';
import { GCP_PROGRAM } from './gcp/program';

export const CLOUD_PROGRAMS: readonly CloudProgram[] = [AWS_PROGRAM, AZURE_PROGRAM, GCP_PROGRAM];
