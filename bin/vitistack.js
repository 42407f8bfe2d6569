#!/usr/bin/env node
'use strict';
// A larger young generation: rendering allocates a few hundred short-lived promises per
// resource (see bench/render.ts). Set before anything else allocates.
require('v8').setFlagsFromString('--max-semi-space-size=64');
// Thin launcher: the CLI is compiled to dist/ by `npm run build`.
const { main } = require('../dist/src/cli/main.js');
main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`vitistack: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
