// The policy packs an operation runs and the config of each. `--policy-pack-config` files go by
// position with `--policy-pack`; a pack given no config gets one: our compliance pack the config
// its Vitistack's spec.security.compliance.frameworks give (catalog.ts complianceConfig), any
// other pack an empty one (its own levels).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { StackModel } from '../model';
import { COMPLIANCE_PACK, complianceConfig } from '../policy/catalog';

export interface PolicyPackArgs {
  readonly policyPacks: readonly string[];
  readonly policyPackConfigs: readonly string[];
}

/** The name in a pack directory's package.json (or its directory name). */
export function packName(dir: string): string {
  const manifest = join(dir, 'package.json');
  if (existsSync(manifest)) {
    const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown };
    if (typeof pkg.name === 'string') return pkg.name;
  }
  return resolve(dir).split(/[\\/]/).pop() ?? dir;
}

/** The frameworks a stack's Vitistack follows. */
export function frameworksOf(model: StackModel): readonly string[] {
  return model.vitistack.spec.security?.compliance?.frameworks ?? [];
}

/**
 * Pack directories and one config file for each, written into `dir` where none was given.
 * Empty when no pack is given.
 */
export function policyPackArgs(
  model: StackModel,
  packs: readonly string[],
  configs: readonly string[],
  dir: string,
): PolicyPackArgs {
  if (packs.length === 0) return { policyPacks: [], policyPackConfigs: [] };
  if (configs.length > packs.length) {
    throw new Error(
      `${String(configs.length)} --policy-pack-config files for ${String(packs.length)} --policy-pack directories; give at most one config per pack, in the same order`,
    );
  }
  const out: string[] = [];
  packs.forEach((pack, i) => {
    const given = configs[i];
    if (given !== undefined) {
      out.push(given);
      return;
    }
    const name = packName(pack);
    const config = name === COMPLIANCE_PACK ? complianceConfig(frameworksOf(model)) : {};
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${model.stackName}.${String(i)}.${name}.json`);
    writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
    out.push(file);
  });
  return { policyPacks: [...packs], policyPackConfigs: out };
}
