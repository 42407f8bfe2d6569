// Builders for the schema language: `s.object(...)`, `s.cidr(...)`, ... Kind files use only these.
import {
  ArraySchema,
  BooleanSchema,
  EitherSchema,
  EnumSchema,
  FreeformSchema,
  IntegerSchema,
  MapSchema,
  ObjectSchema,
  StringSchema,
  type AnySchema,
  type ArrayOptions,
  type NumberOptions,
  type Props,
  type Schema,
  type StringOptions,
} from './dsl';
import {
  BANDWIDTH,
  checkCron,
  checkHttpUrl,
  checkPortRange,
  DECIMAL,
  DURATION,
  formatQuantity,
  INTERFACE_NAME,
  isDottedNetmask,
  isIP,
  MAC,
  networkOf,
  parseCidr,
  parseQuantity,
  PRICE,
  QUANTITY,
  RFC1123_LABEL,
  RFC1123_SUBDOMAIN,
  SSH_PUBLIC_KEY,
  TIMESTAMP,
} from './formats';

export interface QuantityRange {
  /** Inclusive bounds, as quantities: `{ min: '128Mi', max: '1024Gi' }`. */
  readonly min?: string;
  readonly max?: string;
}

function quantityCheck(range: QuantityRange, example: string): (v: string) => string | undefined {
  const min = range.min === undefined ? undefined : parseQuantity(range.min);
  const max = range.max === undefined ? undefined : parseQuantity(range.max);
  return (v) => {
    const n = parseQuantity(v);
    if (n === undefined) {
      return `is not a valid Kubernetes quantity (expected a form like "${example}")`;
    }
    if ((min !== undefined && n < min) || (max !== undefined && n > max)) {
      const lo = range.min ?? '0';
      const hi = range.max ?? 'no limit';
      return `is out of range (allowed: ${lo} to ${hi})`;
    }
    return undefined;
  };
}

/** A string matching `pattern`, which the CRD carries too; `why` is the reason when it does not. */
function patterned(
  description: string,
  pattern: RegExp,
  expected: string,
  why: string,
): StringSchema {
  return new StringSchema(description, {
    crdPattern: pattern.source,
    expected,
    check: (v) => (pattern.test(v) ? undefined : why),
  });
}

/** The reason for a CIDR block with host bits set, naming the network address to use instead. */
function hostBitsSet(v: string): string {
  return `has host bits set (use the network address "${networkOf(v) ?? v}")`;
}

/** Looks like an address (digits, dots, colons, a slash), so it must parse as a CIDR or an IP. */
const ADDRESS_LIKE = /^[0-9.]+(\/[0-9]*)?$|^[0-9a-fA-F]*:[0-9a-fA-F:.]*(\/[0-9]*)?$/;

const K8S_VERSION = /^v?[0-9]+\.[0-9]+(\.[0-9]+)?([-+][0-9A-Za-z.+-]+)?$/;
const FILE_MODE = /^0?[0-7]{3,4}$/;

export const s = {
  string(description: string, opts?: StringOptions): StringSchema {
    return new StringSchema(description, opts);
  },
  /** A string matching a pattern (also in the CRD), with the reason given when it does not. */
  patterned,
  /** A non-empty string. */
  text(description: string): StringSchema {
    return new StringSchema(description, { minLength: 1, expected: 'a non-empty string' });
  },
  enum<const V extends string>(description: string, values: readonly V[]): EnumSchema<V> {
    return new EnumSchema(description, values);
  },
  int(description: string, opts?: NumberOptions): IntegerSchema {
    return new IntegerSchema(description, opts);
  },
  number(description: string, opts?: NumberOptions): IntegerSchema {
    return new IntegerSchema(description, opts, false);
  },
  bool(description: string): BooleanSchema {
    return new BooleanSchema(description);
  },
  object<P extends Props>(description: string, props: P): ObjectSchema<P> {
    return new ObjectSchema(description, props);
  },
  array<I>(description: string, item: Schema<I>, opts?: ArrayOptions): ArraySchema<I> {
    return new ArraySchema(description, item, opts);
  },
  /** A list of strings. */
  strings(description: string, opts?: ArrayOptions): ArraySchema<string> {
    return new ArraySchema(description, new StringSchema('An entry.'), opts);
  },
  map<V>(description: string, value: Schema<V>): MapSchema<V> {
    return new MapSchema(description, value);
  },
  /** Labels, tags or annotations: string keys to string values. */
  stringMap(description: string): MapSchema<string> {
    return new MapSchema(description, new StringSchema('A value.'));
  },
  freeform(description: string): FreeformSchema {
    return new FreeformSchema(description);
  },
  either<
    A extends Partial<Record<'string' | 'integer' | 'boolean' | 'object' | 'array', AnySchema>>,
  >(description: string, alternatives: A): EitherSchema<A> {
    return new EitherSchema(description, alternatives);
  },

  // ------------------------------------------------------------ formats

  /** An RFC 1123 label (`web-01`): Kubernetes object and list-item names. */
  name(description: string): StringSchema {
    return new StringSchema(description, {
      maxLength: 63,
      crdPattern: RFC1123_LABEL.source,
      expected: 'an RFC 1123 name like "web-01": lowercase letters, digits and "-"',
      check: (v) =>
        RFC1123_LABEL.test(v)
          ? undefined
          : 'is not a valid RFC 1123 name (use lowercase letters, digits and "-", starting and ending with a letter or digit, like "web-01")',
    });
  },
  /** An RFC 1123 subdomain (`api.example.com`, up to 253 characters). */
  subdomain(description: string): StringSchema {
    return new StringSchema(description, {
      maxLength: 253,
      crdPattern: RFC1123_SUBDOMAIN.source,
      expected: 'an RFC 1123 subdomain like "api.example.com"',
      check: (v) =>
        RFC1123_SUBDOMAIN.test(v)
          ? undefined
          : 'is not a valid RFC 1123 subdomain (use lowercase letters, digits, "-" and ".", like "api.example.com")',
    });
  },
  cidr(description: string): StringSchema {
    return new StringSchema(description, {
      crdFormat: 'cidr',
      expected: 'a CIDR block like "10.0.0.0/16"',
      check: (v) => {
        const { reason } = parseCidr(v);
        if (reason === undefined) return undefined;
        if (reason === 'has host bits set') return hostBitsSet(v);
        return 'is not a valid CIDR block (expected a form like "10.0.0.0/16")';
      },
    });
  },
  /** A CIDR block or an IP address (firewall sources and destinations). */
  cidrOrIp(description: string): StringSchema {
    return new StringSchema(description, {
      expected: 'a CIDR block like "10.0.0.0/16" or an IP address',
      check: (v) =>
        isIP(v) || parseCidr(v).cidr !== undefined
          ? undefined
          : 'is not a valid CIDR block or IP address (expected a form like "10.0.0.0/16" or "10.0.0.5")',
    });
  },
  /** A firewall source or destination: a CIDR block, an IP address, or a security group. */
  cidrIpOrGroup(description: string): StringSchema {
    return new StringSchema(description, {
      minLength: 1,
      expected: 'a CIDR block like "10.0.0.0/16", an IP address, or a security group ID or name',
      check: (v) => {
        if (!ADDRESS_LIKE.test(v)) return undefined;
        if (isIP(v)) return undefined;
        const { reason } = parseCidr(v);
        if (reason === undefined) return undefined;
        if (reason === 'has host bits set') return hostBitsSet(v);
        return 'is not a valid CIDR block or IP address (expected a form like "10.0.0.0/16" or "10.0.0.5", or a security group such as "sg-0123abcd")';
      },
    });
  },
  ip(description: string): StringSchema {
    return new StringSchema(description, {
      expected: 'an IP address like "10.0.0.10"',
      check: (v) =>
        isIP(v)
          ? undefined
          : 'is not a valid IP address (expected a form like "10.0.0.10" or "fd00::10")',
    });
  },
  mac(description: string): StringSchema {
    return new StringSchema(description, {
      crdPattern: '^([0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}$',
      expected: 'a MAC address like "52:54:00:12:34:56"',
      check: (v) =>
        MAC.test(v)
          ? undefined
          : 'is not a valid MAC address (expected a form like "52:54:00:12:34:56")',
    });
  },
  /** A dotted network mask ("255.255.255.0") or a prefix length ("24" or "/24"). */
  netmask(description: string): StringSchema {
    return new StringSchema(description, {
      expected: 'a netmask like "255.255.255.0" or a prefix length like "24"',
      check: (v) => {
        const prefix = /^\/?([0-9]{1,3})$/.exec(v);
        if (prefix && Number(prefix[1]) <= 128) return undefined;
        return isDottedNetmask(v)
          ? undefined
          : 'is not a valid netmask (expected a form like "255.255.255.0" or a prefix length like "24")';
      },
    });
  },
  /** A Linux network interface or bridge name (at most 15 characters): "vmbr0", "eth0". */
  interfaceName(description: string): StringSchema {
    return patterned(
      description,
      INTERFACE_NAME,
      'an interface name like "vmbr0" or "eth0"',
      'is not a valid interface name (use at most 15 letters, digits, ".", "-" and "_", starting with a letter or digit, like "vmbr0")',
    );
  },
  /** An http or https URL: API endpoints. */
  httpUrl(description: string): StringSchema {
    return new StringSchema(description, {
      crdPattern: '^https?://',
      expected: 'a URL like "https://pve.example.com:8006/api2/json"',
      check: (v) => {
        const problem = checkHttpUrl(v);
        if (problem === 'not a URL') {
          return 'is not a valid URL (expected a form like "https://pve.example.com:8006/api2/json")';
        }
        return problem === 'not http'
          ? 'is not an http or https URL (expected a form like "https://pve.example.com:8006/api2/json")'
          : undefined;
      },
    });
  },
  /** A Kubernetes quantity, optionally bounded: `s.quantity('Memory.', { min: '128Mi' })`. */
  quantity(description: string, range: QuantityRange = {}, example = '20Gi'): StringSchema {
    const bounds =
      range.min !== undefined || range.max !== undefined
        ? ` from ${range.min ?? '0'} to ${range.max ?? 'any'}`
        : '';
    return new StringSchema(description, {
      crdPattern: QUANTITY.source,
      expected: `a Kubernetes quantity like "${example}"${bounds}`,
      check: quantityCheck(range, example),
    });
  },
  /** A Kubernetes quantity above zero ("100", "200Gi", "500m"): quota limits. */
  positiveQuantity(description: string, example: string): StringSchema {
    return new StringSchema(description, {
      crdPattern: QUANTITY.source,
      expected: `a Kubernetes quantity above zero like "${example}"`,
      check: (v) => {
        const n = parseQuantity(v);
        if (n === undefined) {
          return `is not a valid Kubernetes quantity (expected a form like "${example}")`;
        }
        return n > 0
          ? undefined
          : `is not above zero (a quota must be positive, like "${example}")`;
      },
    });
  },
  /** CPU as a quantity string ("100", "500m") or whole number of cores. */
  cpuQuantity(description: string): EitherSchema<{ string: StringSchema; integer: IntegerSchema }> {
    return new EitherSchema(description, {
      string: s.quantity(description, {}, '4'),
      integer: new IntegerSchema(description, { min: 0 }),
    });
  },
  duration(description: string): StringSchema {
    return patterned(
      description,
      DURATION,
      'a duration like "30s", "5m", "1h" or "90d"',
      'is not a valid duration (expected a number with a unit, like "30s", "5m", "1h" or "90d")',
    );
  },
  /** Seconds as an integer, or a duration string ("300" or "5m"): the documents use both. */
  durationOrSeconds(
    description: string,
  ): EitherSchema<{ string: StringSchema; integer: IntegerSchema }> {
    return new EitherSchema(description, {
      string: s.duration(description),
      integer: new IntegerSchema(description, { min: 0 }),
    });
  },
  cron(description: string): StringSchema {
    return new StringSchema(description, {
      expected: 'a cron schedule like "0 2 * * *"',
      check: (v) => {
        const reason = checkCron(v);
        return reason === undefined
          ? undefined
          : `is not a valid cron schedule: it ${reason} (expected five fields like "0 2 * * *")`;
      },
    });
  },
  price(description: string): StringSchema {
    return new StringSchema(description, {
      crdPattern: PRICE.source.replace('\\/', '/'),
      expected: 'a price like "$0.05" or "$0.0104/hour"',
      check: (v) =>
        PRICE.test(v)
          ? undefined
          : 'is not a valid price (expected a form like "$0.05" or "$0.0104/hour")',
    });
  },
  /** A decimal number written as a string ("10.5"), as the spec does for rates and sizes. */
  decimal(description: string): StringSchema {
    return patterned(
      description,
      DECIMAL,
      'a decimal string like "10.5"',
      'is not a decimal number string (expected a form like "10.5")',
    );
  },
  /** A decimal string above zero ("2", "4.0"), as CPU and memory sizes are written. */
  positiveDecimal(description: string): StringSchema {
    return new StringSchema(description, {
      crdPattern: DECIMAL.source,
      expected: 'a positive decimal string like "2" or "4.0"',
      check: (v) => {
        if (!DECIMAL.test(v)) {
          return 'is not a decimal number string (expected a positive form like "2" or "4.0")';
        }
        return Number(v) > 0 ? undefined : 'is not above zero (expected a form like "2" or "4.0")';
      },
    });
  },
  /** A percentage: "45%" or "45.5". */
  percent(description: string): StringSchema {
    return new StringSchema(description, {
      expected: 'a percentage like "45%"',
      check: (v) =>
        /^[0-9]+(\.[0-9]+)?%?$/.test(v)
          ? undefined
          : 'is not a percentage (expected a form like "45%" or "45.5")',
    });
  },
  /** An integer or a percentage string ("25%"), as rolling-update limits are written. */
  intOrPercent(
    description: string,
  ): EitherSchema<{ integer: IntegerSchema; string: StringSchema }> {
    return new EitherSchema(description, {
      integer: new IntegerSchema(description, { min: 0 }),
      string: new StringSchema(description, {
        expected: 'a percentage like "25%"',
        check: (v) =>
          /^[0-9]{1,3}%$/.test(v) && Number(v.slice(0, -1)) <= 100
            ? undefined
            : 'is not a percentage (expected an integer like 1 or a percentage like "25%")',
      }),
    });
  },
  bandwidth(description: string): StringSchema {
    return new StringSchema(description, {
      expected: 'a bandwidth like "100Mbps" or "1Gbps"',
      check: (v) =>
        BANDWIDTH.test(v)
          ? undefined
          : 'is not a valid bandwidth (expected a form like "100Mbps" or "1Gbps")',
    });
  },
  timestamp(description: string): StringSchema {
    return new StringSchema(description, {
      crdFormat: 'date-time',
      expected: 'an RFC 3339 timestamp like "2023-10-01T12:00:00Z"',
      check: (v) =>
        TIMESTAMP.test(v)
          ? undefined
          : 'is not an RFC 3339 timestamp (expected a form like "2023-10-01T12:00:00Z")',
    });
  },
  port(description: string): IntegerSchema {
    return new IntegerSchema(description, { min: 1, max: 65535 });
  },
  /** A port or port range as a string: "22" or "30000-32767". */
  portRange(description: string): StringSchema {
    return new StringSchema(description, {
      crdPattern: '^[0-9]{1,5}(-[0-9]{1,5})?$',
      expected: 'a port or port range like "22" or "80-443"',
      check: (v) => {
        const reason = checkPortRange(v);
        return reason === undefined
          ? undefined
          : `${reason} (expected a form like "22" or "80-443", ports 1 to 65535)`;
      },
    });
  },
  vlan(description: string): IntegerSchema {
    return new IntegerSchema(description, { min: 1, max: 4094 });
  },
  /** A Kubernetes version: "1.29", "v1.29.3", "v1.29.3+k3s1". */
  kubernetesVersion(description: string): StringSchema {
    return patterned(
      description,
      K8S_VERSION,
      'a Kubernetes version like "1.29" or "v1.29.3"',
      'is not a Kubernetes version (expected a form like "1.29" or "v1.29.3")',
    );
  },

  // ------------------------------------------------------------ files and access

  /** An absolute file system path: `/var/lib/data`. */
  absolutePath(description: string): StringSchema {
    return new StringSchema(description, {
      crdPattern: '^/',
      expected: 'an absolute path like "/data"',
      check: (v) =>
        v.startsWith('/') && !/\s$/.test(v)
          ? undefined
          : 'is not an absolute path (start it with "/", like "/data")',
    });
  },
  /** A Unix file mode written as an octal string: "0644", "600". */
  fileMode(description: string): StringSchema {
    return patterned(
      description,
      FILE_MODE,
      'an octal file mode like "0644"',
      'is not an octal file mode (expected a form like "0644" or "0600")',
    );
  },
  /** An OpenSSH public key line: `ssh-ed25519 AAAA... comment`. */
  sshPublicKey(description: string): StringSchema {
    return new StringSchema(description, {
      expected: 'an OpenSSH public key like "ssh-ed25519 AAAAC3Nza... user@host"',
      check: (v) =>
        SSH_PUBLIC_KEY.test(v)
          ? undefined
          : 'is not an OpenSSH public key (expected "<type> <base64 key> [comment]" with a type such as ssh-ed25519, ssh-rsa or ecdsa-sha2-nistp256)',
    });
  },
};

export { formatQuantity };
