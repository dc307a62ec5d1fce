/**
 * Scrubs credentials out of text and values before they reach an error message, a log line, an event or
 * the audit log. Two layers: the exact secrets this process knows (the configured key, the current JWT,
 * the password), and generic shapes, so a credential we were never told about (a key echoed back by the
 * vendor, a token in a URL) is still caught.
 */
export const REDACTED = "[REDACTED]";

/** Secrets shorter than this are not replaced literally: "abc" would shred ordinary text. */
const MIN_SECRET_LENGTH = 4;
/**
 * Tool arguments and results are checked only for secrets of at least this length ("distinctive" ones): a
 * 4-letter password would refuse, or shred, every record that happens to contain it.
 */
const MIN_DISTINCTIVE_SECRET_LENGTH = 8;

/** Names of fields and parameters whose value is a credential, as a regex fragment (case-insensitive). */
const SECRET_NAME = String.raw`(?:[\w-]*?(?:password|passwd|secret|token)|api[_-]?key|x-api-key|authorization)`;

/** Value-shaped patterns: [pattern, replacement]. Order matters: name=value forms first, then bare tokens. */
const GENERIC_PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [
  // "password": "hunter2" (JSON, including escaped quotes inside the value)
  [new RegExp(String.raw`("${SECRET_NAME}"\s*:\s*)"(?:[^"\\]|\\.)*"`, "gi"), `$1"${REDACTED}"`],
  // password=hunter2 in a query string or form body; stops at &, #, whitespace and quotes
  [new RegExp(String.raw`((?:^|[?&;\s])${SECRET_NAME}=)[^&#\s"']+`, "gi"), `$1${REDACTED}`],
  // password: hunter2 / X-API-Key: abc (header lines, YAML, prose); Bearer/Basic/Token values are left to the next rules
  [new RegExp(String.raw`(\b${SECRET_NAME}\s*:\s*)(?!(?:Bearer|Basic|Token)\s)(?!\[REDACTED\])[^\s,;"'{}[\]]+`, "gi"), `$1${REDACTED}`],
  // Authorization: Bearer <token> / Basic <credentials>
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${REDACTED}`],
  // Authorization: Token <token>. Only token-like words (8+ chars with a digit), so "Token expired" survives.
  [/\b([Tt]oken)\s+(?=[A-Za-z0-9._~+/=-]*\d)[A-Za-z0-9._~+/=-]{8,}/g, `$1 ${REDACTED}`],
  // JWTs anywhere (TrackplanFM tokens)
  [/\beyJ[\w-]+\.[\w-]+\.[\w-]+/g, REDACTED],
  // FSM Navigator keys
  [/\bfsm_(?:live|test)_[A-Za-z0-9]+/g, REDACTED],
  // TrackplanFM API keys
  [/\bTP-[A-Za-z0-9]+/g, REDACTED],
];

/** Object keys whose value is a credential, normalised (lower case, no "-" or "_"). */
const SECRET_KEYS = new Set(["authorization", "proxyauthorization", "xapikey", "apikey", "cookie", "setcookie"]);
const SECRET_KEY_SUFFIXES = ["password", "passwd", "secret", "token"];

export function isSecretKey(key: string): boolean {
  const normalised = key.toLowerCase().replace(/[-_]/g, "");
  return SECRET_KEYS.has(normalised) || SECRET_KEY_SUFFIXES.some((suffix) => normalised.endsWith(suffix));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export class Redactor {
  private readonly secrets = new Set<string>();
  /** Rebuilt lazily when a secret is added. */
  private literalPattern: RegExp | undefined;
  /** The same, for distinctive secrets only (see containsSecret). */
  private distinctivePattern: RegExp | undefined;

  constructor(secrets: readonly string[] = []) {
    for (const secret of secrets) this.add(secret);
  }

  /** Remember a secret (and its URL-encoded spelling, as it would appear in a query string). */
  add(secret: string): void {
    if (typeof secret !== "string" || secret.length < MIN_SECRET_LENGTH) return;
    const before = this.secrets.size;
    this.secrets.add(secret);
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) this.secrets.add(encoded);
    if (this.secrets.size !== before) this.literalPattern = this.distinctivePattern = undefined;
  }

  redact(text: string): string {
    if (typeof text !== "string" || text.length === 0) return text;
    let out = text;
    const literal = this.buildLiteralPattern();
    if (literal) out = out.replace(literal, REDACTED);
    for (const [pattern, replacement] of GENERIC_PATTERNS) out = out.replace(pattern, replacement);
    return out;
  }

  /**
   * Deep copy of `value` with every string redacted and every secret-named key blanked. Plain objects and
   * arrays are walked; other objects (Date, Buffer, class instances) are kept as they are, errors become
   * `{name, message}`.
   */
  redactValue<T>(value: T): T {
    return this.walk(value, new WeakMap(), { text: (t) => this.redact(t), blankSecretKeys: true }) as T;
  }

  /**
   * Whether `text` contains a distinctive secret (8+ characters) this process knows, literally. Tool
   * arguments are screened with this so a credential is never sent to the vendor as data.
   */
  containsSecret(text: string): boolean {
    const literal = this.buildDistinctivePattern();
    if (!literal) return false;
    literal.lastIndex = 0; // a global regex carries its position between test() calls
    return literal.test(text);
  }

  /**
   * Deep copy of `value` with the distinctive secrets this process knows replaced in every string and key,
   * and nothing else changed: unlike `redactValue`, no generic pattern and no key blanking, so a tool result
   * keeps the shape its output schema promises.
   */
  redactKnownSecrets<T>(value: T): T {
    const literal = this.buildDistinctivePattern();
    if (!literal) return value;
    return this.walk(value, new WeakMap(), { text: (t) => t.replace(literal, REDACTED), blankSecretKeys: false }) as T;
  }

  /** The deep copy behind redactValue and redactKnownSecrets: `text` rewrites every string and key. */
  private walk(value: unknown, seen: WeakMap<object, unknown>, how: { text: (t: string) => string; blankSecretKeys: boolean }): unknown {
    if (typeof value === "string") return how.text(value);
    if (value === null || typeof value !== "object") return value;
    if (seen.has(value)) return seen.get(value);
    if (value instanceof Error) return { name: value.name, message: how.text(value.message) };
    if (Array.isArray(value)) {
      const copy: unknown[] = [];
      seen.set(value, copy);
      for (const item of value) copy.push(this.walk(item, seen, how));
      return copy;
    }
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return value;
    const copy: Record<string, unknown> = {};
    seen.set(value, copy);
    for (const [key, item] of Object.entries(value)) {
      // Keys are redacted too: vendors echo bad input back as field names (`errors: {"<key>": [...]}`).
      const redacted = how.blankSecretKeys && isSecretKey(key) && item !== undefined && item !== null ? REDACTED : this.walk(item, seen, how);
      // defineProperty, not assignment: a "__proto__" key (vendor or tool input) stays an own key of the copy.
      Object.defineProperty(copy, how.text(key), { value: redacted, enumerable: true, writable: true, configurable: true });
    }
    return copy;
  }

  private buildLiteralPattern(): RegExp | undefined {
    return (this.literalPattern ??= patternFor([...this.secrets]));
  }

  private buildDistinctivePattern(): RegExp | undefined {
    return (this.distinctivePattern ??= patternFor([...this.secrets].filter((s) => s.length >= MIN_DISTINCTIVE_SECRET_LENGTH)));
  }
}

/** One regex matching any of `secrets`, longest first so a secret that contains another is replaced whole. */
function patternFor(secrets: string[]): RegExp | undefined {
  if (secrets.length === 0) return undefined;
  return new RegExp(secrets.sort((a, b) => b.length - a.length).map(escapeRegExp).join("|"), "g");
}
