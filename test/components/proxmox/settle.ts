// Waits until every pending resource registration of the mocked run has finished; and reads
// secret inputs as the mocks record them (a signature key plus the value).
export { waitForRegistrations as settle } from '../../../src/engine/render';

const SIG_KEY = '4dabf18193072939515e22adb298388d';

/** Whether a recorded input was passed as a secret. */
export function isSecretInput(v: unknown): boolean {
  return typeof v === 'object' && v !== null && SIG_KEY in v;
}

/** The plain value of a recorded input, secret or not. */
export function plain(v: unknown): unknown {
  return isSecretInput(v) ? (v as { value: unknown }).value : v;
}
