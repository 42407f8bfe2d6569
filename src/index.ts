// The program of the root Pulumi.yaml (`main: dist/src/index.js`): `pulumi preview -s <stack>`
// builds the Vitistack named in the stack's config from the manifests it names. Everything is
// in src/program/from-config.ts; see there and the README for the config keys.
//
// The export is a function: the Node runtime calls an exported function and awaits what it
// returns, and the properties of the resolved object become the stack outputs. Exporting the
// function (rather than `export = runFromConfig()`) keeps importing this module free of side
// effects, so tests can run it once per stack under fresh mocks.
import { runFromConfig } from './program/from-config';

export = () => runFromConfig();
