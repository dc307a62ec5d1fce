/**
 * Confirmation tokens for irreversible changes where the client cannot be asked (stateless Streamable HTTP:
 * the per-request server never sees `initialize`, so it cannot elicit). The first call answers a preview with
 * a token; the user agrees; the assistant repeats the call with `confirm: "<token>"`.
 *
 * A token is bound to the tool, the exact arguments (all but `confirm`) and the signed-in user (OAuth `sub`),
 * expires after TOKEN_TTL_MS, and is HMAC-SHA256-signed with a key every replica shares (FSM_CONFIRM_SECRET, or
 * one derived from the vendor credential all replicas already share), so any replica can check it. It is
 * single-use: redeeming records its nonce in the idempotency ledger (`spend`), which every replica shares in team
 * mode (Redis) and every process on one FSM_STATE_DIR shares otherwise; without a ledger, once per process, and
 * the short validity bounds a replay (which could only repeat the very change the user approved).
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { AuditUser } from "../safety/audit.js";

export const TOKEN_TTL_MS = 5 * 60_000;
const PREFIX = "fsmc1";

export interface ConfirmSubject {
  tool: string;
  args: Record<string, unknown>;
  user?: AuditUser;
}

interface Payload {
  /** tool */
  t: string;
  /** hash of the arguments */
  h: string;
  /** user (sub) or "" */
  u: string;
  /** expiry, ms since the epoch */
  e: number;
  /** nonce: what single use is recorded by */
  n: string;
}

export class ConfirmTokens {
  /** Redeemed nonces → their expiry (kept until then, so a token cannot be used twice on this replica). */
  private readonly used = new Map<string, number>();

  constructor(
    private readonly key: Buffer,
    private readonly opts: {
      now?: () => number;
      /** Record a nonce as used where every replica sees it; false when it was used already. */
      spend?: (nonce: string) => Promise<boolean>;
    } = {},
  ) {}

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  issue(subject: ConfirmSubject): string {
    const payload: Payload = { t: subject.tool, h: argsHash(subject.args), u: subject.user?.sub ?? "", e: this.now() + TOKEN_TTL_MS, n: randomBytes(12).toString("base64url") };
    const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
    return `${PREFIX}.${body}.${this.sign(body)}`;
  }

  /** True when `token` confirms exactly this call (and is now used up); else why not, in words for the user. */
  async redeem(token: string, subject: ConfirmSubject): Promise<true | string> {
    const [prefix, body, signature, extra] = token.split(".");
    if (prefix !== PREFIX || !body || !signature || extra !== undefined) return "it is not a confirm token from this server";
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return "its signature does not match";
    let payload: Payload;
    try {
      payload = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as Payload;
    } catch {
      return "it is not a confirm token from this server";
    }
    const now = this.now();
    for (const [nonce, expiry] of this.used) if (expiry <= now) this.used.delete(nonce);
    if (payload.e <= now) return "it has expired";
    if (payload.t !== subject.tool || payload.h !== argsHash(subject.args)) return "it was given for another change (other tool or arguments)";
    if (payload.u !== (subject.user?.sub ?? "")) return "it was given to another user";
    if (this.used.has(payload.n)) return "it has been used already";
    this.used.set(payload.n, payload.e);
    if (this.opts.spend && !(await this.opts.spend(payload.n))) return "it has been used already";
    return true;
  }

  private sign(body: string): string {
    return createHmac("sha256", this.key).update(`${PREFIX}.${body}`).digest("base64url");
  }
}

/** The arguments a token is bound to: all but `confirm` itself, in a canonical (key-sorted) form. */
function argsHash(args: Record<string, unknown>): string {
  const { confirm: _confirm, ...rest } = args;
  return createHash("sha256").update(canonical(rest)).digest("base64url");
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/**
 * The signing key: FSM_CONFIRM_SECRET when set; else derived from the vendor credential (every replica of one
 * deployment has the same one, and it never leaves the server); else (the sandbox) random for this process.
 */
export function confirmKey(secret: string | undefined, credential: string | undefined, scope: string): Buffer {
  if (secret) return createHash("sha256").update(`fsm-mcp confirm tokens|${secret}`).digest();
  if (credential) return createHmac("sha256", credential).update(`fsm-mcp confirm tokens|${scope}`).digest();
  return randomBytes(32);
}

/** What a preview says about confirming, with a fresh token for exactly this call. */
export function confirmNotes(tokens: ConfirmTokens, subject: ConfirmSubject, refused?: string): string[] {
  const token = tokens.issue(subject);
  return [
    ...(refused ? [`The confirm token given was not accepted: ${refused}.`] : []),
    `Show this to the user; if they agree, call again with the same arguments and confirm: "${token}" (valid ${TOKEN_TTL_MS / 60_000} minutes, once).`,
  ];
}
