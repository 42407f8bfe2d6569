// How a secret input looks to the mock monitor: the engine would store it encrypted.
const SIG_KEY = '4dabf18193072939515e22adb298388d';
const SECRET_SIG = '1b47061264138c4ac30d75fd1eb44270';

export function isSecretInput(v: unknown): boolean {
  return (
    typeof v === 'object' && v !== null && (v as Record<string, unknown>)[SIG_KEY] === SECRET_SIG
  );
}

/** The plain value inside a secret input. */
export function secretValue(v: unknown): unknown {
  return typeof v === 'object' && v !== null ? (v as Record<string, unknown>).value : undefined;
}
