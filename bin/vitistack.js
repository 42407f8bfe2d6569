#!/usr/bin/env node
'use strict';
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
