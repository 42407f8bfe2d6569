// Shared by the GCP component tests: waiting for registrations, reading secret inputs, and the
// labels every test passes (already in the GCP label form).
export { waitForRegistrations as settle } from '../../../src/engine/render';

const SIG_KEY = '4dabf18193072939515e22adb298388d';
const SECRET_SIG = '1b47061264138c4ac30d75fd1eb44270';

/** A mock input that the engine would store encrypted. */
export function isSecretInput(v: unknown): boolean {
  return (
    typeof v === 'object' && v !== null && (v as Record<string, unknown>)[SIG_KEY] === SECRET_SIG
  );
}

/** The value inside a secret mock input (or the input itself). */
export function secretValue(v: unknown): unknown {
  return isSecretInput(v) ? (v as { value: unknown }).value : v;
}

export const PROJECT = 'vitistack-prod-123456';
export const REGION = 'us-west1';
export const LABELS = {
  'vitistack-io-stack': 'production-gcp-production',
  'vitistack-io-team': 'platform',
};
export const KEY = `projects/${PROJECT}/locations/${REGION}/keyRings/ring/cryptoKeys/key`;
