// Shared by the vSphere component tests: waiting for registrations and reading secret inputs.
export { waitForRegistrations as settle } from '../../../src/engine/render';
export { isSecretInput, plainInput } from '../sdk-schema';
