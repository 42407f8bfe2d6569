// Runs the CLI in-process with an Io that captures what a user would see.
import { main } from '../../src/cli/main';

export async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['node', 'vitistack', ...args], {
    out: (t) => (out += t),
    err: (t) => (err += t),
  });
  return { code, out, err };
}
