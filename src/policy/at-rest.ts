// What the encryption-at-rest policies share: their frameworks, the customer-managed-key config
// and the resource shape they read.
import { configValue, isBoolean } from './checks';
import { type ResourceValidationArgs, type StackValidationArgs } from './types';

/** Frameworks that ask for encryption at rest. */
export const AT_REST_FRAMEWORKS = ['SOC2', 'GDPR', 'HIPAA', 'PCI-DSS', 'ISO27001'];

export const CMK_SCHEMA = {
  properties: {
    requireCustomerManagedKeys: {
      type: 'boolean' as const,
      default: false,
      description:
        'Also require a customer-managed key (AWS KMS key, Azure Key Vault key or disk encryption set, Cloud KMS key) where the cloud would otherwise use a key of its own.',
    },
  },
};

export function requireCmk(args: StackValidationArgs | ResourceValidationArgs): boolean {
  return configValue(args, 'requireCustomerManagedKeys', false, isBoolean);
}

export type Resource = Pick<ResourceValidationArgs, 'type' | 'name' | 'props'>;

export const CMK_EBS_FIX =
  'use a customer-managed KMS key: set spec.security.encryption.atRest: true in the Vitistack (a key for the stack), or spec.storage.kmsKeyId in the MachineProvider.';
