// Where the CLI writes: injectable so tests can read what a user would see.
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: Io = {
  out: (text) => {
    process.stdout.write(text);
  },
  err: (text) => {
    process.stderr.write(text);
  },
};

/** Exit codes shared by every command. */
export const ExitCode = {
  Ok: 0,
  Failed: 1,
  BadInput: 2,
  PolicyViolation: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
