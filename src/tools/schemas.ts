/**
 * Reusable parameter and result schemas. Enums come from the vendor profile (itself generated from the
 * vendor facts), so a model cannot send a value the vendor would reject.
 */
import { z } from "zod";
import type { IdKind, VendorProfile } from "../domain/backend.js";

const OTHER_ID = /^[A-Za-z0-9_-]{1,64}$/;
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** An id parameter in the vendor's native id shape; `source` says which tool yields it. */
export function idParam(p: VendorProfile, source: string) {
  return idParamOf(p.idKind, source);
}

/** An id parameter of a given shape (for ids whose shape differs from the vendor's record ids, e.g. asset types). */
export function idParamOf(kind: IdKind, source: string) {
  switch (kind) {
    case "integer":
      // Checked here rather than published as `minimum: 1` (4 tokens on every id of every tool): a vendor's
      // ids are positive by nature, and 0 or -3 is refused with this message before anything is sent.
      return z
        .number()
        .int()
        .refine((v) => v >= 1, "must be a positive id")
        .describe(source);
    case "guid":
      // Advertised as `format: uuid` (a GUID's textual form) and checked here: the 60-character pattern cost
      // ~25 tokens on every id of every tool in tools/list.
      return z
        .string()
        .refine((v) => GUID.test(v), "must be a GUID")
        .meta({ format: "uuid" })
        .describe(source);
    default:
      // Checked here rather than published (minLength, maxLength and a pattern cost ~15 tokens on every id).
      return z
        .string()
        .refine((v) => OTHER_ID.test(v), "must be an id: 1 to 64 letters, digits, _ or -")
        .describe(source);
  }
}

/** Assets linked to a job: at most 50, checked here rather than published as `maxItems` (a job's equipment list is far shorter). */
export function assetIdsParam(p: VendorProfile) {
  return z.array(idParam(p, "from search_assets")).refine((ids) => ids.length <= 50, "must list at most 50 assets");
}

/** A job id; where the vendor numbers its jobs (profile.jobNumberIds) its number, as text, is taken too. */
export function jobIdParam(p: VendorProfile, source: string) {
  if (!p.jobNumberIds || p.idKind !== "guid") return idParam(p, source);
  return z
    .string()
    .regex(GUID_OR_NUMBER, "must be a GUID or a job number")
    .describe(`${source}, or the job number`);
}
const GUID_OR_NUMBER = /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[1-9][0-9]{0,14})$/;

/** A money amount: non-negative, at most two decimals. */
export function money(max: number) {
  return upTo(max).refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, "must have at most two decimals, e.g. 120.50");
}

/**
 * Result-side id: the same type as the parameter (`integer` where the inputs take integers), so results chain
 * straight into the next call and typed clients do not hand back `201.0` as an id.
 */
export function idOut(p: VendorProfile) {
  return p.idKind === "integer" ? z.number().int() : z.string();
}

/**
 * Length limits of 100 characters or more are checked in code rather than published as `maxLength` (about 5
 * tokens each, on some 30 properties of every tools/list): a model writing a name, a note or a description does
 * not come near them, and the refusal names the vendor's limit before anything is sent. Shorter limits (a state,
 * a zip, a timestamp, a status name) stay published, where a natural value may exceed them. The server still never
 * accepts what its published schema refuses: it only publishes less (test/unit/input-max-length.test.ts checks
 * every limit, published or not, on every tool of every vendor).
 */
const PUBLISHED_BELOW = 100;

/** Text of at most `max` characters (published only when short, see above), optionally trimmed after the check. */
export function text(max: number, opts: { trim?: boolean } = {}) {
  // Characters are counted as code points, as zod's published `maxLength` and JSON Schema count them (a CJK
  // extension character is one character, two UTF-16 units).
  const checked = max < PUBLISHED_BELOW ? z.string().max(max) : z.string().refine((v) => v.length <= max || [...v].length <= max, `must be at most ${max} characters (the vendor's limit)`);
  return opts.trim ? checked.trim() : checked;
}

/**
 * Required free text, trimmed. The length cap is checked before trimming, so the server never accepts a
 * string longer than the limit it states (the fuzz suite found " x…x " slipping through when trim ran first);
 * blank text is refused after trimming.
 */
export function trimmed(max: number) {
  // Not blank: checked after trimming, and not published as `minLength: 1` (which would let "   " pass anyway).
  return text(max, { trim: true }).refine((v) => v.length > 0, "must not be blank");
}

export function enumOf(values: readonly string[]) {
  return z.enum(values as [string, ...string[]]);
}

/**
 * A job status argument: the job machine's enum. Where the vendor documents no statuses at all and the account
 * defines its own (profile.openJobStatuses: TrackplanFM), any text, the assumed ones as examples: the vendor has
 * the last word.
 */
export function jobStatusParam(p: VendorProfile) {
  const m = p.jobMachine!;
  if (p.openJobStatuses) return trimmed(100).describe(`e.g. ${m.statuses.slice(0, 4).join(", ")}; the account may define others`);
  if (p.jobWorkflows) return accountValueParam(m.statuses);
  return enumOf(m.statuses);
}

/**
 * A value the account defines and may add to at any time (JobNimbus workflows and statuses). An enum would make
 * the SDK refuse one added since the settings were read (-32602) before the tool runs, so the known values are the
 * schema's `examples` (as visible to a model as an enum) and the tool checks the value, reading the settings
 * again before it refuses one it does not know.
 */
export function accountValueParam(values: readonly string[]) {
  // "One of the examples, or one the account added since" is said once, in the server instructions.
  return trimmed(100).meta({ examples: [...values] });
}

/** A calendar date, advertised as `format: date` (RFC 3339 full-date: YYYY-MM-DD) rather than as a pattern. */
export const DATE = z
  .string()
  .refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v), "must be YYYY-MM-DD")
  .meta({ format: "date" });
const ISO_DATETIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/;

/**
 * ISO 8601 date-time with a zone, advertised as `format: date-time` (RFC 3339: a zone is part of it) and
 * checked in code: zod's own iso.datetime() puts a ~370-character pattern into every tools/list, which costs
 * tokens in every conversation and tells a model nothing the format does not. The refusal gives an example.
 */
export const DATETIME = z
  .string()
  .refine((v) => ISO_DATETIME.test(v) && !Number.isNaN(Date.parse(v)), "must be ISO 8601 with a zone, e.g. 2026-03-01T09:00:00Z")
  .meta({ format: "date-time" });

/**
 * An email address, advertised as `format: email` and checked in code with zod's own pattern: z.email() also
 * puts that ~250-character pattern into tools/list, where it says nothing the format does not.
 */
export function email(maxLength?: number) {
  return (maxLength === undefined ? z.string() : text(maxLength))
    .refine((v) => z.regexes.email.test(v), "must be an email address, e.g. ops@example.com")
    .meta({ format: "email" });
}

/** Page numbers and sizes start at 1 (checked here, not published: `minimum: 1` says nothing a model needs). */
export const atLeastOne = (v: number) => v >= 1;

/**
 * A default a model needs no telling (page 1, one page, concise): applied when the argument is left out, but not
 * published (src/server/schemas.ts drops `default` where this mark is), about 4 tokens each in every tools/list.
 */
export const IMPLIED_DEFAULT = { "x-implied-default": true } as const;

export function pagingParams(p: VendorProfile) {
  return {
    page: z.number().int().refine(atLeastOne, "must be 1 or more").default(1).meta(IMPLIED_DEFAULT),
    // 20 when left out, at most the vendor's page size: applied and checked here, not published (`default` and
    // `maximum` on every list tool); a larger size is refused with the limit named.
    per_page: z
      .number()
      .int()
      .refine(atLeastOne, "must be 1 or more")
      .refine((v) => v <= p.maxPageSize, `must be at most ${p.maxPageSize} (the vendor's page size)`)
      .default(20)
      .meta(IMPLIED_DEFAULT),
  };
}

/**
 * The shared parameters (response_format, dry_run, idempotency_key, max_pages) carry no per-property
 * description: their names say what they do, and the server instructions explain them once per connection
 * instead of once per tool in every tools/list (src/server/instructions.ts).
 */
export const responseFormat = z.enum(["concise", "detailed"]).default("concise").meta(IMPLIED_DEFAULT);

/**
 * A quantity (a cost, hours, a meter value) up to a vendor limit no real value comes near (a cost of ten million, a
 * meter at 10^12). Both bounds are checked here with a message naming them, not published as `minimum` / `maximum`
 * (about 4 tokens each on every such property): a cost or a reading is not negative by nature, and a negative one
 * is refused before anything is sent.
 */
export function upTo(max: number, opts: { positive?: boolean } = {}) {
  return z
    .number()
    .refine((v) => (opts.positive ? v > 0 : v >= 0), opts.positive ? "must be more than 0" : "must be 0 or more")
    .refine((v) => v <= max, `must be at most ${max} (the vendor's limit)`);
}

export const dryRun = z.boolean().default(false);

/** A street address, for vendors whose jobs carry their own address (profile.jobSite "address"). */
export function addressParam() {
  return z.object({
    line1: trimmed(200),
    line2: text(200, { trim: true }).optional(),
    city: trimmed(100).optional(),
    state: trimmed(50).optional(),
    zip: trimmed(20).optional(),
  });
}

/** A list result: items, totals and the exact arguments for the next page. */
export function listOutput(p: VendorProfile, item: z.ZodType) {
  return {
    items: z.array(item),
    // `total` and `remaining` are in every result too (and in its text), left undeclared: a client chains on
    // the items' ids and on next_page, never on a count.
    // The arguments for the next page (said once, in the server instructions).
    next_page: z.record(z.string(), z.unknown()).nullable(),
  };
}

/**
 * Record shapes declare what a next call takes: the id, and a job's status (expected_status, status moves).
 * Names, titles and every other field are still in each result (and its text) but left undeclared: output
 * schemas are sent in every tools/list, and a model chains on ids, not on a declared `title: string`.
 */
export function jobOut(p: VendorProfile) {
  return z.looseObject({ id: idOut(p), status: z.string() });
}
export function customerOut(p: VendorProfile) {
  return z.looseObject({ id: idOut(p) });
}
export function locationOut(p: VendorProfile) {
  return z.looseObject({ id: idOut(p) });
}
export function assetOut(p: VendorProfile) {
  return z.looseObject({ id: idOut(p) });
}

/**
 * The declared part of every write result; results also carry `request` (dry run, preview), `request_id`
 * and `notes`, left undeclared to keep tools/list small (output objects are open). A tool adds the record it
 * answers only where that gives the caller something to chain on that it did not send: a created record's id, a
 * job's status and next moves. Echoes (the record of an update, a transfer's or a reading's ids) stay in every
 * result, undeclared.
 * `outcome` lists what the tool can answer (src/safety/pipeline.ts), mirroring its writeParams: a create
 * (idempotency key, duplicate check) never answers "updated" or "preview", a change never "created" or
 * "replayed", and only an irreversible change answers "preview". Without a kind: every outcome.
 */
export function writeOutput(kind?: "create" | "change", opts: { irreversible?: boolean } = {}) {
  // Validated here (every result is checked against it before it is sent) but published as a plain string: the
  // outcomes and what each means are said once in the server instructions, not again in every write tool (about
  // 15 tokens each), and each result's notes say what happened.
  const outcomes =
    kind === "create"
      ? ["created", "existing", "reconciled", "replayed", "dry_run"]
      : kind === "change"
        ? ["updated", "existing", "reconciled", "dry_run", ...(opts.irreversible ? ["preview"] : [])]
        : ["created", "updated", "existing", "reconciled", "replayed", "dry_run", "preview"];
  return { outcome: enumOf(outcomes).meta(UNPUBLISHED_ENUM) };
}

/** An enum checked on the server's own results but not published (src/server/schemas.ts drops it from the JSON Schema). */
export const UNPUBLISHED_ENUM = { "x-unpublished-enum": true } as const;

/** Who sold it and where the lead came from, for vendors that track both (profile.leadSources: JobNimbus). */
export function salesParams(p: VendorProfile): z.ZodRawShape {
  if (!p.leadSources) return {};
  return {
    sales_rep_id: idParam(p, "from list_technicians").optional(),
    lead_source: accountValueParam(p.leadSources).optional(),
  };
}
