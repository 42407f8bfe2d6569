// Small builders and checks the Vitistack and LoadBalancer schemas share. Local to these kinds:
// the shared `s` builders have no "positive quantity" or "CIDR, IP or security group" format.
import { formats, s, type Path, type Reporter } from '../schema';

/** A `{name, namespace}` reference in canonical form. */
export interface NamespacedRef {
  /** Name of the referenced object. */
  readonly name: string;
  /** Namespace of the referenced object; absent means the referring object's namespace. */
  readonly namespace?: string;
}

/** Drops keys whose value is undefined, so canonical objects hold only what was given. */
export function compact<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = v;
  return out as T;
}

/** A reference in canonical form (only name and namespace). */
export function toRef(ref: NamespacedRef): NamespacedRef;
export function toRef(ref: NamespacedRef | undefined): NamespacedRef | undefined;
export function toRef(ref: NamespacedRef | undefined): NamespacedRef | undefined {
  return ref === undefined ? undefined : compact({ name: ref.name, namespace: ref.namespace });
}

/** Seconds from an integer or a duration string ("30s", "5m"); undefined when absent. */
export function toSeconds(value: string | number | undefined): number | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'number' ? value : formats.parseDurationSeconds(value);
}

/** A Kubernetes quantity above zero ("100", "200Gi", "500m"): quota limits. */
export function positiveQuantity(description: string, example: string) {
  return s.string(description, {
    crdPattern: formats.QUANTITY.source,
    expected: `a Kubernetes quantity above zero like "${example}"`,
    check: (v) => {
      const n = formats.parseQuantity(v);
      if (n === undefined) {
        return `is not a valid Kubernetes quantity (expected a form like "${example}")`;
      }
      return n > 0 ? undefined : `is not above zero (a quota must be positive, like "${example}")`;
    },
  });
}

/** Looks like an address (digits, dots, colons, a slash), so it must parse as a CIDR or an IP. */
const ADDRESS_LIKE = /^[0-9.]+(\/[0-9]*)?$|^[0-9a-fA-F]*:[0-9a-fA-F:.]*(\/[0-9]*)?$/;

/** A firewall source or destination: a CIDR block, an IP address, or a security group. */
export function cidrIpOrGroup(description: string) {
  return s.string(description, {
    minLength: 1,
    expected: 'a CIDR block like "10.0.0.0/16", an IP address, or a security group ID or name',
    check: (v) => {
      if (!ADDRESS_LIKE.test(v)) return undefined;
      if (formats.isIP(v)) return undefined;
      const { reason } = formats.parseCidr(v);
      if (reason === undefined) return undefined;
      if (reason === 'has host bits set') {
        return `has host bits set (use the network address "${formats.networkOf(v) ?? v}")`;
      }
      return 'is not a valid CIDR block or IP address (expected a form like "10.0.0.0/16" or "10.0.0.5", or a security group such as "sg-0123abcd")';
    },
  });
}

/**
 * Reports references that appear twice in one list. The key is namespace and name as written:
 * a reference without a namespace and one naming this object's namespace are not compared.
 */
export function checkUniqueRefs(
  items: readonly NamespacedRef[] | undefined,
  path: Path,
  r: Reporter,
  what: string,
): void {
  const seen = new Map<string, number>();
  items?.forEach((item, i) => {
    const key = `${item.namespace ?? ''}/${item.name}`;
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, i);
      return;
    }
    const ns = item.namespace === undefined ? '' : ` in namespace "${item.namespace}"`;
    r.add(
      [...path, i, 'name'],
      `is a duplicate of item ${first}${ns} (each ${what} may be listed once)`,
      item.name,
    );
  });
}
