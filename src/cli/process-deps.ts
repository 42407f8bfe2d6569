// The real process behind the CLI's engine commands: its environment, whether a person is at a
// terminal, and a y/N prompt on that terminal.
import { createInterface } from 'node:readline/promises';
import type { CliDeps } from './main';

export function processDeps(): CliDeps {
  return {
    env: process.env,
    isTTY: process.stdin.isTTY && process.stderr.isTTY,
    confirm: async (question) => {
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      try {
        const answer = await rl.question(`${question} [y/N] `);
        return /^y(es)?$/i.test(answer.trim());
      } finally {
        rl.close();
      }
    },
  };
}
