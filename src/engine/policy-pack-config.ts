// CrossGuard pack config for offline evaluation (policy-eval.ts): the `--policy-pack-config` JSON
// file and the config each policy ends up with, reconciled as the Pulumi CLI does: schema
// defaults, then the PolicyPack's initial config, then the given config (`all` first, then each
// policy's own entry); then validated against each policy's `configSchema`. The CLI validates
// with a full JSON-schema library; @pulumi/policy has none, so this checks the subset configs
// use: types, enum, const, required, nested properties and items, bounds, lengths, pattern.
// Unlike the CLI, a config naming a policy the pack does not have is an error (a typo would
// otherwise leave the policy at its default level without a word).
import { readFileSync } from 'node:fs';
import type { EnforcementLevel, PolicyPackConfig } from '@pulumi/policy/policy';
import { ENFORCEMENT_LEVELS, type LoadedPack } from './policy-pack-loader';

/** A policy's effective config: its level and its properties (schema defaults filled in). */
export interface PolicyConfigEntry {
  readonly enforcementLevel: EnforcementLevel;
  readonly properties: Readonly<Record<string, unknown>>;
}

/** Config per policy name, as the analyzer receives it. */
export type ResolvedPackConfig = ReadonlyMap<string, PolicyConfigEntry>;

/** Bad pack config; one line per problem, each naming pack, policy, key and what is expected. */
export class PolicyConfigError extends Error {
  override readonly name = 'PolicyConfigError';
}

type Json = Record<string, unknown>;

function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isLevel(v: unknown): v is EnforcementLevel {
  return typeof v === 'string' && (ENFORCEMENT_LEVELS as readonly string[]).includes(v);
}

/** `advisory, mandatory, remediate or disabled`. */
const LEVELS = `${ENFORCEMENT_LEVELS.slice(0, -1).join(', ')} or ${ENFORCEMENT_LEVELS.at(-1) ?? ''}`;

function show(v: unknown): string {
  // JSON.stringify gives undefined for undefined and functions.
  const json = JSON.stringify(v) as string | undefined;
  const text = json ?? String(v);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Reads a `--policy-pack-config` JSON file. */
export function readPolicyPackConfig(file: string): PolicyPackConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new PolicyConfigError(`policy pack config ${file}: no such file.`);
  }
  // The CLI accepts an empty file as no config.
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new PolicyConfigError(
      `policy pack config ${file} is not valid JSON (${err instanceof Error ? err.message : String(err)}).`,
    );
  }
  if (!isRecord(parsed)) {
    throw new PolicyConfigError(
      `policy pack config ${file} must be a JSON object of policy names, e.g. {"my-policy": "mandatory"}.`,
    );
  }
  return parsed as PolicyPackConfig;
}

interface GivenConfig {
  readonly enforcementLevel?: EnforcementLevel;
  readonly properties: Json;
}

/** A config in the file format -> level and properties per key; problems are collected. */
function normalizeConfig(
  config: unknown,
  label: string,
  problems: string[],
): Map<string, GivenConfig> {
  const out = new Map<string, GivenConfig>();
  if (config === undefined) return out;
  if (!isRecord(config)) {
    problems.push(`${label} must be an object of policy names.`);
    return out;
  }
  for (const [key, value] of Object.entries(config)) {
    if (typeof value === 'string') {
      if (isLevel(value)) out.set(key, { enforcementLevel: value, properties: {} });
      else {
        problems.push(
          `${label} "${key}": ${show(value)} is not an enforcement level; use ${LEVELS}.`,
        );
      }
      continue;
    }
    if (!isRecord(value)) {
      problems.push(
        `${label} "${key}": ${show(value)} is not valid; give an enforcement level or an object.`,
      );
      continue;
    }
    const { enforcementLevel, ...properties } = value;
    if (enforcementLevel !== undefined && !isLevel(enforcementLevel)) {
      problems.push(
        `${label} "${key}": enforcementLevel ${show(enforcementLevel)} is not an enforcement level; use ${LEVELS}.`,
      );
      continue;
    }
    out.set(key, { ...(enforcementLevel !== undefined ? { enforcementLevel } : {}), properties });
  }
  return out;
}

interface MutableEntry {
  enforcementLevel: EnforcementLevel;
  properties: Json;
}

/** The CLI's applyConfig: `all` sets every level, then each policy's own entry wins. */
function applyConfig(result: Map<string, MutableEntry>, given: Map<string, GivenConfig>): void {
  const all = given.get('all');
  if (all?.enforcementLevel !== undefined) {
    for (const entry of result.values()) entry.enforcementLevel = all.enforcementLevel;
  }
  for (const [name, c] of given) {
    const entry = result.get(name);
    if (!entry) continue;
    if (c.enforcementLevel !== undefined) entry.enforcementLevel = c.enforcementLevel;
    Object.assign(entry.properties, c.properties);
  }
}

/**
 * The effective config of every policy of `pack`: schema defaults, then the pack's initial
 * config, then `config`; validated against each policy's configSchema. `source` names where the
 * config came from in messages (e.g. the file).
 */
export function resolvePackConfig(
  pack: LoadedPack,
  config?: PolicyPackConfig,
  source?: string,
): ResolvedPackConfig {
  const problems: string[] = [];
  const from = source !== undefined ? ` (config ${source})` : '';
  const label = 'config';
  const result = new Map<string, MutableEntry>();
  for (const p of pack.policies) {
    const defaults: Json = {};
    for (const [key, schema] of Object.entries(p.configSchema?.properties ?? {})) {
      if (isRecord(schema) && 'default' in schema) defaults[key] = structuredClone(schema.default);
    }
    result.set(p.name, {
      enforcementLevel: p.enforcementLevel ?? pack.enforcementLevel,
      properties: defaults,
    });
  }
  applyConfig(result, normalizeConfig(pack.initialConfig, 'initial config', problems));
  const given = normalizeConfig(config, label, problems);
  const unknown = [...given.keys()].filter((k) => k !== 'all' && !result.has(k));
  for (const name of unknown) {
    problems.push(
      `${label} names policy "${name}", which the pack does not have (its policies: ${pack.policies.map((p) => p.name).join(', ')}).`,
    );
  }
  applyConfig(result, given);
  for (const p of pack.policies) {
    const schema = p.configSchema;
    const entry = result.get(p.name);
    if (!schema || !entry) continue;
    const errors = schemaErrors(
      { type: 'object', properties: schema.properties, required: schema.required ?? [] },
      entry.properties,
      '',
    );
    for (const e of errors) problems.push(`policy "${p.name}": ${e}.`);
  }
  if (problems.length > 0) {
    throw new PolicyConfigError(
      problems.map((p) => `policy pack ${pack.name}${from}: ${p}`).join('\n'),
    );
  }
  return result;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'a boolean',
  object: 'an object',
  array: 'an array',
  null: 'null',
};

function matchesType(v: unknown, type: string): boolean {
  switch (type) {
    case 'string':
      return typeof v === 'string';
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'boolean':
      return typeof v === 'boolean';
    case 'object':
      return isRecord(v);
    case 'array':
      return Array.isArray(v);
    case 'null':
      return v === null;
    default:
      return true;
  }
}

function typesOf(schema: Json): string[] {
  if (typeof schema.type === 'string') return [schema.type];
  if (Array.isArray(schema.type)) return schema.type.filter((t) => typeof t === 'string');
  return [];
}

/** What a schema asks for, in words: `an integer`, `one of "a", "b"`, `any value`. */
function expectation(schema: unknown): string {
  if (!isRecord(schema)) return 'any value';
  if (Array.isArray(schema.enum)) return `one of ${schema.enum.map(show).join(', ')}`;
  if ('const' in schema) return show(schema.const);
  const types = typesOf(schema);
  if (types.length === 0) return 'any value';
  return types.map((t) => TYPE_WORDS[t] ?? t).join(' or ');
}

function keyOf(path: string): string {
  return path === '' ? 'the config' : `config "${path}"`;
}

/** The errors of `value` against a JSON schema (the subset configs use); `[]` when valid. */
function schemaErrors(schema: unknown, value: unknown, path: string): string[] {
  if (schema === false) return [`${keyOf(path)} is not allowed`];
  if (!isRecord(schema)) return [];
  const at = keyOf(path);
  const types = typesOf(schema);
  if (types.length > 0 && !types.some((t) => matchesType(value, t))) {
    return [`${at} must be ${expectation({ type: schema.type })}, got ${show(value)}`];
  }
  const errors: string[] = [];
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => deepEqual(e, value))) {
    errors.push(`${at} must be one of ${schema.enum.map(show).join(', ')}, got ${show(value)}`);
  }
  if ('const' in schema && !deepEqual(schema.const, value)) {
    errors.push(`${at} must be ${show(schema.const)}, got ${show(value)}`);
  }
  if (typeof value === 'number') errors.push(...numberErrors(schema, value, at));
  if (typeof value === 'string') errors.push(...stringErrors(schema, value, at));
  if (Array.isArray(value)) errors.push(...arrayErrors(schema, value, path));
  if (isRecord(value)) errors.push(...objectErrors(schema, value, path));
  return errors;
}

function numberErrors(schema: Json, v: number, at: string): string[] {
  const out: string[] = [];
  const n = (k: string) => (typeof schema[k] === 'number' ? schema[k] : undefined);
  const min = n('minimum');
  const max = n('maximum');
  const xmin = n('exclusiveMinimum');
  const xmax = n('exclusiveMaximum');
  const multiple = n('multipleOf');
  if (min !== undefined && v < min)
    out.push(`${at} must be at least ${String(min)}, got ${String(v)}`);
  if (max !== undefined && v > max)
    out.push(`${at} must be at most ${String(max)}, got ${String(v)}`);
  if (xmin !== undefined && v <= xmin)
    out.push(`${at} must be greater than ${String(xmin)}, got ${String(v)}`);
  if (xmax !== undefined && v >= xmax)
    out.push(`${at} must be less than ${String(xmax)}, got ${String(v)}`);
  if (multiple !== undefined && multiple > 0 && !Number.isInteger(v / multiple))
    out.push(`${at} must be a multiple of ${String(multiple)}, got ${String(v)}`);
  return out;
}

function stringErrors(schema: Json, v: string, at: string): string[] {
  const out: string[] = [];
  if (typeof schema.minLength === 'number' && v.length < schema.minLength)
    out.push(`${at} must be at least ${String(schema.minLength)} characters long, got ${show(v)}`);
  if (typeof schema.maxLength === 'number' && v.length > schema.maxLength)
    out.push(`${at} must be at most ${String(schema.maxLength)} characters long, got ${show(v)}`);
  if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(v))
    out.push(`${at} must match the pattern ${schema.pattern}, got ${show(v)}`);
  return out;
}

function arrayErrors(schema: Json, v: unknown[], path: string): string[] {
  const at = keyOf(path);
  const out: string[] = [];
  if (typeof schema.minItems === 'number' && v.length < schema.minItems)
    out.push(`${at} must have at least ${String(schema.minItems)} items, got ${String(v.length)}`);
  if (typeof schema.maxItems === 'number' && v.length > schema.maxItems)
    out.push(`${at} must have at most ${String(schema.maxItems)} items, got ${String(v.length)}`);
  if (schema.uniqueItems === true && v.some((x, i) => v.findIndex((y) => deepEqual(x, y)) !== i))
    out.push(`${at} must not repeat items`);
  const items = schema.items;
  v.forEach((item, i) => {
    const itemSchema: unknown = Array.isArray(items) ? items[i] : items;
    out.push(...schemaErrors(itemSchema, item, `${path}[${String(i)}]`));
  });
  return out;
}

function objectErrors(schema: Json, v: Json, path: string): string[] {
  const out: string[] = [];
  const props = isRecord(schema.properties) ? schema.properties : {};
  const child = (k: string) => (path === '' ? k : `${path}.${k}`);
  if (Array.isArray(schema.required)) {
    for (const key of schema.required) {
      if (typeof key === 'string' && !(key in v)) {
        out.push(`${keyOf(child(key))} is required (${expectation(props[key])}) but not set`);
      }
    }
  }
  for (const [key, value] of Object.entries(v)) {
    if (key in props) out.push(...schemaErrors(props[key], value, child(key)));
    else if (schema.additionalProperties === false) {
      out.push(
        `${keyOf(child(key))} is not a known setting (known: ${Object.keys(props).join(', ') || 'none'})`,
      );
    } else out.push(...schemaErrors(schema.additionalProperties, value, child(key)));
  }
  const count = Object.keys(v).length;
  if (typeof schema.minProperties === 'number' && count < schema.minProperties)
    out.push(`${keyOf(path)} must have at least ${String(schema.minProperties)} settings`);
  if (typeof schema.maxProperties === 'number' && count > schema.maxProperties)
    out.push(`${keyOf(path)} must have at most ${String(schema.maxProperties)} settings`);
  return out;
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
