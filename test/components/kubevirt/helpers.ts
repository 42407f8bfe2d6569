// Shared by the KubeVirt component tests: how the mocks record a secret input.
const SIG_KEY = '4dabf18193072939515e22adb298388d';
const SECRET_SIG = '1b47061264138c4ac30d75fd1eb44270';

/** The value of an input the engine would store encrypted; undefined when it is not secret. */
export function secretValue(v: unknown): unknown {
  const rec = typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
  return rec[SIG_KEY] === SECRET_SIG ? rec.value : undefined;
}

export function isSecretInput(v: unknown): boolean {
  return (
    typeof v === 'object' && v !== null && (v as Record<string, unknown>)[SIG_KEY] === SECRET_SIG
  );
}

export { settle } from '../aws/settle';
