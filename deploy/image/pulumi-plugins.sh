#!/bin/sh
# The Pulumi resource plugins the installed npm packages need, at exactly their versions.
#
#   pulumi-plugins.sh list    [APP_DIR]   print "<name> <version> [<server>]", one plugin a line
#   pulumi-plugins.sh install [APP_DIR]   `pulumi plugin install` each into $PULUMI_HOME/plugins
#
# The list is read the way Pulumi's Node.js language host reads it: every package under
# APP_DIR/node_modules (nested ones too) whose package.json has `"pulumi": {"resource": true}`
# names a plugin (`pulumi.name`), its version (`pulumi.version`, else the package version) and,
# for third-party providers, where it is served from (`pulumi.server`, e.g. the GitHub releases of
# @muhlba91/pulumi-proxmoxve). The engine only loads a plugin whose version equals the one the
# SDK package asks for, so the versions must come from node_modules, never from a separate list:
# adding or bumping a provider package is then all it takes. The Dockerfile runs `install` after
# `npm prune --omit=dev`; test/deploy/deploy.test.ts runs `list` on this checkout.
set -eu

mode=${1:-}
app_dir=${2:-.}

list() {
  node - "$1" <<'JS'
const { existsSync, readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const found = new Map();
function visit(nodeModules) {
  if (!existsSync(nodeModules)) return;
  for (const entry of readdirSync(nodeModules)) {
    if (entry.startsWith('.')) continue;
    const dirs = entry.startsWith('@')
      ? readdirSync(join(nodeModules, entry)).map((child) => join(nodeModules, entry, child))
      : [join(nodeModules, entry)];
    for (const dir of dirs) {
      const manifest = join(dir, 'package.json');
      if (existsSync(manifest)) {
        const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
        const p = pkg.pulumi;
        if (p && p.resource === true) {
          const name = p.name || pkg.name.replace(/^@pulumi\//, '');
          const version = String(p.version || pkg.version).replace(/^v/, '');
          const server = p.server || '';
          found.set(`${name} ${version} ${server}`.trim(), true);
        }
      }
      visit(join(dir, 'node_modules'));
    }
  }
}
const root = join(process.argv[2], 'node_modules');
if (!existsSync(root)) {
  process.stderr.write(`pulumi-plugins: ${root} does not exist: run npm ci first\n`);
  process.exit(1);
}
visit(root);
if (found.size === 0) {
  process.stderr.write(`pulumi-plugins: no Pulumi provider package under ${root}\n`);
  process.exit(1);
}
process.stdout.write([...found.keys()].sort().join('\n') + '\n');
JS
}

case "$mode" in
  list)
    list "$app_dir"
    ;;
  install)
    : "${PULUMI_HOME:?set PULUMI_HOME: the plugins go into \$PULUMI_HOME/plugins}"
    plugins=$(list "$app_dir")
    printf '%s\n' "$plugins" | while read -r name version server; do
      # --exact: a newer version of the same plugin already installed must not stand in for this
      # one (the engine would not load it: it wants the version the SDK package names).
      if [ -n "$server" ]; then
        pulumi plugin install resource "$name" "$version" --exact --server "$server"
      else
        pulumi plugin install resource "$name" "$version" --exact
      fi
      binary="$PULUMI_HOME/plugins/resource-$name-v$version/pulumi-resource-$name"
      if [ ! -x "$binary" ]; then
        echo "pulumi-plugins: $binary is missing after the install" >&2
        exit 1
      fi
    done
    ;;
  *)
    echo "usage: pulumi-plugins.sh list|install [APP_DIR]" >&2
    exit 2
    ;;
esac
