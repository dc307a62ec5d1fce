/**
 * The lookup index on disk, so a restart answers without reading the account again. One set of files per vendor
 * credential and scope set, named by a hash (the credential itself is never written):
 *
 *   <vendor>-<hash>.json                 the manifest: format, kinds, when each part was read, and the part files
 *   <vendor>-<hash>.<generation>.<part>.json   one file per part: each record kind as rows, each kind's search index
 *   <vendor>-<hash>.changes.ndjson       records written or read since that save, one JSON line each
 *
 * Parts are separate files so no one 60 MB string is built, parsed or held at once (a save streams each part in
 * chunks; a load parses each part alone). A save writes a new generation of parts, then swaps the manifest in
 * atomically (temp file + rename): a crash between parts leaves the previous manifest and its parts intact.
 * Writes made through fsm-mcp append one line to the change log instead of rewriting everything; a load replays
 * them, and the next full save drops the lines it read and folded in (change-log.ts: several servers may share
 * these files; `<vendor>-<hash>.lock` keeps their saves apart). Everything is mode 0600; a
 * manifest or part that cannot be read or parsed is ignored (a bad index part: the records are indexed again;
 * a bad record part: the account is read again), as is a bad change-log line (a crash in the middle of an append).
 */
import { nodeCrypto } from "../lazy-crypto.js";
import { mkdir, open, readdir, readFile, rm } from "node:fs/promises";
import { appendLines, readLines, saveText } from "./change-log.js";
import { isAscii } from "node:buffer";
import { basename, dirname, join } from "node:path";
import type { Asset, Customer, Job, Location } from "../domain/types.js";
import type { LookupKind, SavedIndex } from "./index-store.js";

/** 1: one JSON file holding everything. 2: a manifest, one file per part, a change log. */
export const FORMAT_VERSION = 2;

/** Where a credential's index lives: `<stateDir>/lookup/<vendor>-<hash>.json` (the manifest; its parts beside it). */
export function lookupFile(stateDir: string, parts: { vendor: string; origin: string; credential: string; kinds: readonly LookupKind[] }): string {
  const hash = nodeCrypto().createHash("sha256")
    .update([parts.vendor, parts.origin, parts.credential, [...parts.kinds].sort().join(",")].join("\n"))
    .digest("hex")
    .slice(0, 24);
  return join(stateDir, "lookup", `${parts.vendor}-${hash}.json`);
}

export type SyncedAt = Partial<Record<"customer" | "location" | "asset" | "job", number>>;
export type RecordPart = "customers" | "locations" | "assets" | "jobs";
const RECORD_PARTS: readonly RecordPart[] = ["customers", "locations", "assets", "jobs"];

export interface SnapshotRecords {
  customers: Customer[];
  locations: Location[];
  assets: Asset[];
  jobs: Job[];
}

/** What a load gives back. */
export interface Snapshot extends SnapshotRecords {
  version: number;
  kinds: LookupKind[];
  /** When each part was last read in full from the vendor (epoch ms); jobs also by delta. */
  syncedAt: SyncedAt;
  /** The search index of each kind (KindIndex.toJSON), absent for a part that could not be read. */
  index: Partial<Record<LookupKind, SavedIndex>>;
  /** What built `index` (fields, tokenizer: see indexFingerprint), hashed. Another one: the records are indexed again. */
  fingerprint?: string;
  /** The change-log lines not in the saved parts, in the order written: to be applied on top of them. */
  changes: Change[];
  /** The highest change number seen (the next line appended continues from it). */
  lastSeq: number;
  /** How far the change log was read (the next save reads on from there). */
  logRead?: { ino: number; end: number };
  /** Which save this is (its first part's name): another process's save since shows as another one. */
  generation: string;
  /** Why a part was not used (the caller logs it). */
  problems: string[];
}

/**
 * What a save writes. Each kind's index part is its JSON text in chunks, asked for when that part is written
 * (KindIndex.save streams it from the live index): no part is ever one string or one object in memory.
 */
export interface SnapshotInput extends SnapshotRecords {
  kinds: LookupKind[];
  syncedAt: SyncedAt;
  fingerprint: string;
  index: Partial<Record<LookupKind, () => Iterable<string>>>;
  /**
   * The change log's lines numbered up to this are in these parts: what manifests said while one server wrote the
   * log. Line numbers are each server's own now (several may share the log), so saves write 0 and a save drops
   * the lines it folded in from the log instead (change-log.ts).
   */
  logSeq: number;
}

/** One line of the change log: a record written or read since the last save, or when jobs were last read by delta. */
export interface Change {
  seq: number;
  part?: "customer" | "location" | "asset" | "job";
  value?: unknown;
  syncedAt?: SyncedAt;
}

interface PartEntry {
  file: string;
  bytes: number;
}

interface Manifest {
  version: number;
  kinds: LookupKind[];
  syncedAt: SyncedAt;
  fingerprint: string;
  logSeq: number;
  parts: Record<string, PartEntry>;
}

export function fingerprintOf(text: string): string {
  return nodeCrypto().createHash("sha256").update(text).digest("hex").slice(0, 24);
}

const stem = (file: string): string => file.replace(/\.json$/, "");
export const changeLogOf = (file: string): string => `${stem(file)}.changes.ndjson`;
/** Held during a whole save (change-log.ts). */
export const saveLockOf = (file: string): string => `${stem(file)}.lock`;

/* ---------- records as rows ---------- */

/**
 * A record kind as rows: the field names once, each record as an array of values (null: absent), and a field
 * whose values repeat (type, make, status, site name, dates) as numbers into one list of its values. A third
 * of the size of the records as objects, quicker to parse, and the repeated strings are shared once loaded.
 */
interface Rows {
  fields: string[];
  /** Field index → its distinct values, where rows hold a number into this list. */
  dicts: Record<string, unknown[]>;
  rows: unknown[][];
}

function* rowChunks(records: readonly object[]): Generator<string> {
  const fields: string[] = [];
  const known = new Set<string>();
  for (const r of records) for (const k of Object.keys(r)) if (!known.has(k)) known.add(k), fields.push(k);
  const dicts: Record<string, unknown[]> = {};
  const codes = fields.map((f, i) => {
    const distinct = new Map<string, number>();
    for (const r of records) {
      const v = (r as Record<string, unknown>)[f];
      if (v === null || v === undefined) continue;
      if (typeof v !== "string") return undefined;
      if (!distinct.has(v)) distinct.set(v, distinct.size);
      if (distinct.size * 4 > records.length + 64) return undefined;
    }
    if (!distinct.size) return undefined;
    dicts[i] = [...distinct.keys()];
    return distinct;
  });
  yield `{"fields":${JSON.stringify(fields)},"dicts":${JSON.stringify(dicts)},"rows":[`;
  let batch: string[] = [];
  for (let n = 0; n < records.length; n++) {
    const r = records[n] as Record<string, unknown>;
    const row = fields.map((f, i) => {
      const v = r[f];
      if (v === undefined || v === null) return null;
      return codes[i] ? codes[i]!.get(v as string) : v;
    });
    batch.push(JSON.stringify(row));
    if (batch.length === 2_000) {
      yield (n >= batch.length ? "," : "") + batch.join(",");
      batch = [];
    }
  }
  if (batch.length) yield (records.length > batch.length ? "," : "") + batch.join(",");
  yield "]}";
}

function fromRows<T>(parsed: unknown): T[] {
  const p = parsed as Partial<Rows>;
  if (!p || !Array.isArray(p.fields) || !Array.isArray(p.rows) || typeof p.dicts !== "object" || !p.dicts) throw new Error("not rows");
  const fields = p.fields;
  const dicts = fields.map((_, i) => (Array.isArray(p.dicts![i]) ? p.dicts![i] : undefined));
  return p.rows.map((row) => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < fields.length; i++) {
      const v = row[i];
      // Absent and null read the same everywhere (projections drop both): absent takes no memory.
      if (v === null || v === undefined) continue;
      out[fields[i]!] = dicts[i] ? dicts[i]![v as number] : v;
    }
    return out as T;
  });
}

/* ---------- save ---------- */

/**
 * Text beyond ASCII as JSON escapes ("—" → "\u2014"): an ASCII file is read into a string without UTF-8 decoding
 * (a one-byte string, quicker to parse too), and only the values that hold such characters become two-byte strings.
 */
const asciiJson = (text: string): string => text.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

/** What a save gathers before writing: chunks are joined up to this, then copied into one reused buffer. */
const WRITE_BUFFER = 1 << 20;

/**
 * Write `chunks` to `file` (mode 0600), each screened by `redact`: a chunk holds whole rows or entries. The text
 * is copied into one buffer reused for the whole file rather than a new 1 MB buffer per write: buffers live
 * outside V8's heap, freed only when a GC finds them, and a save of 50,000 assets made some twenty of them.
 */
async function writeChunks(file: string, chunks: Iterable<string>, redact?: (text: string) => string): Promise<number> {
  const handle = await open(file, "w", 0o600);
  const buffer = Buffer.allocUnsafeSlow(WRITE_BUFFER);
  let bytes = 0;
  const flush = async (text: string) => {
    // Every character is one byte here (asciiJson): the text goes out in buffer-sized slices.
    for (let at = 0; at < text.length; at += WRITE_BUFFER) {
      const n = buffer.write(text.slice(at, at + WRITE_BUFFER), 0, "latin1");
      await handle.write(buffer, 0, n);
      bytes += n;
    }
  };
  try {
    let pending = "";
    for (const chunk of chunks) {
      pending += asciiJson(redact ? redact(chunk) : chunk);
      if (pending.length >= WRITE_BUFFER) {
        await flush(pending);
        pending = "";
      }
    }
    await flush(pending);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return bytes;
}

/**
 * Save a whole snapshot: a new generation of part files, then the manifest naming them (atomic rename), then the
 * previous generation's files are removed. A failure leaves the previous manifest in force.
 */
export async function saveSnapshot(file: string, input: SnapshotInput, redact?: (text: string) => string): Promise<string> {
  const dir = dirname(file);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const generation = nodeCrypto().randomUUID().slice(0, 8);
  const base = basename(stem(file));
  const parts: Record<string, PartEntry> = {};
  const written: string[] = [];
  try {
    for (const part of RECORD_PARTS) {
      const name = `${base}.${generation}.${part}.json`;
      written.push(name);
      parts[part] = { file: name, bytes: await writeChunks(join(dir, name), rowChunks(input[part]), redact) };
    }
    for (const kind of input.kinds) {
      const make = input.index[kind];
      if (!make) continue;
      const name = `${base}.${generation}.index-${kind}.json`;
      written.push(name);
      parts[`index-${kind}`] = { file: name, bytes: await writeChunks(join(dir, name), make(), redact) };
    }
    const manifest: Manifest = { version: FORMAT_VERSION, kinds: input.kinds, syncedAt: input.syncedAt, fingerprint: input.fingerprint, logSeq: input.logSeq, parts };
    await saveText(file, JSON.stringify(manifest));
  } catch (err) {
    await Promise.all(written.map((n) => rm(join(dir, n), { force: true }).catch(() => undefined)));
    throw err;
  }
  // Under the save lock: no other save's parts are in progress, so every file no manifest names is a stray.
  await removeStale(dir, base, new Set(Object.values(parts).map((p) => p.file)));
  return parts.customers!.file;
}

/** The save now in force (its first part's name; see Snapshot.generation), or undefined when there is none. */
export async function currentGeneration(file: string): Promise<string | undefined> {
  try {
    const m = JSON.parse(await readFile(file, "utf8")) as Partial<Manifest>;
    return typeof m?.parts?.customers?.file === "string" ? m.parts.customers.file : undefined;
  } catch {
    return undefined;
  }
}

/** Remove part files of this index that the manifest no longer names (an older generation, a crashed save). */
async function removeStale(dir: string, base: string, keep: ReadonlySet<string>): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  // The manifest, the change log, the save lock and their temp files are not parts.
  const others = [`${base}.json`, `${base}.changes.ndjson`, `${base}.lock`];
  const ours = names.filter((n) => n.startsWith(`${base}.`) && !keep.has(n) && !others.some((o) => n.startsWith(o)));
  await Promise.all(ours.map((n) => rm(join(dir, n), { force: true }).catch(() => undefined)));
}

/** Append changes to the log (created mode 0600): one write of whole lines; a torn last line is skipped on load. */
export async function appendChanges(file: string, changes: readonly Change[], redact?: (text: string) => string): Promise<void> {
  if (!changes.length) return;
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const text = changes.map((c) => JSON.stringify(c)).join("\n");
  await appendLines(changeLogOf(file), redact ? redact(text) : text);
}

/** The changes among `lines` (a line torn by a crash mid-append is skipped: it was not yet promised to be on disk). */
export function parseChanges(lines: readonly string[]): Change[] {
  const out: Change[] = [];
  for (const line of lines) {
    try {
      const c = JSON.parse(line) as Change;
      if (c && typeof c.seq === "number") out.push(c);
    } catch {
      // Torn: skipped.
    }
  }
  return out;
}

/* ---------- load ---------- */

const isSynced = (v: unknown): v is SyncedAt => typeof v === "object" && v !== null && !Array.isArray(v);

/** The snapshot at `file`, or undefined when there is none or it is unusable (then the account is read again). */
export async function loadSnapshot(file: string): Promise<{ snapshot?: Snapshot; problem?: string }> {
  // Another server's save may swap the manifest meanwhile, remove the parts read here and drop from the change log
  // what its parts hold: then what the manifest names now is read.
  for (let attempt = 1; ; attempt++) {
    const { manifest, ...result } = await loadManifest(file);
    if (attempt === 3 || (await readFile(file, "utf8").catch(() => undefined)) === manifest) return result;
  }
}

async function loadManifest(file: string): Promise<{ snapshot?: Snapshot; problem?: string; manifest?: string }> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "ENOENT" ? {} : { problem: `cannot read the saved lookup index (${(err as NodeJS.ErrnoException).code ?? "error"})` };
  }
  let manifest: Manifest;
  try {
    manifest = JSON.parse(text) as Manifest;
  } catch {
    return { problem: "the saved lookup index is corrupt; rebuilding it", manifest: text };
  }
  const parts = manifest?.parts;
  if (manifest?.version !== FORMAT_VERSION || !Array.isArray(manifest.kinds) || !isSynced(manifest.syncedAt) || typeof manifest.logSeq !== "number" || !parts || typeof parts !== "object" || !RECORD_PARTS.every((p) => parts[p])) {
    return { problem: "the saved lookup index has another format; rebuilding it", manifest: text };
  }
  const dir = dirname(file);
  // Every part is read at once (the reads overlap), then parsed one by one.
  const names = [...RECORD_PARTS, ...manifest.kinds.map((k) => `index-${k}`)];
  const texts = await Promise.all(names.map((n) => readPart(dir, parts[n])));
  const records: Partial<SnapshotRecords> = {};
  for (const [i, part] of RECORD_PARTS.entries()) {
    try {
      records[part] = fromRows(JSON.parse(texts[i]!.text ?? "null")) as never;
    } catch {
      return { problem: `the saved lookup index's ${part} are ${texts[i]!.problem ?? "corrupt"}; rebuilding it`, manifest: text };
    }
  }
  const index: Partial<Record<LookupKind, SavedIndex>> = {};
  const problems: string[] = [];
  for (const [j, kind] of manifest.kinds.entries()) {
    const t = texts[RECORD_PARTS.length + j]!;
    try {
      if (t.text === undefined) throw new Error(t.problem);
      index[kind] = JSON.parse(t.text) as SavedIndex;
    } catch {
      problems.push(`the saved ${kind} search index is ${t.problem ?? "corrupt"}; indexing the saved records again`);
    }
  }
  const log = await readLines(changeLogOf(file));
  // In the order written (numbers are each process's own; lines older than a legacy manifest's logSeq are in its parts).
  const changes = parseChanges(log?.lines ?? []);
  const snapshot: Snapshot = {
    version: manifest.version,
    kinds: manifest.kinds,
    syncedAt: manifest.syncedAt,
    fingerprint: typeof manifest.fingerprint === "string" ? manifest.fingerprint : undefined,
    index,
    ...(records as SnapshotRecords),
    changes: changes.filter((c) => c.seq > manifest.logSeq),
    lastSeq: Math.max(manifest.logSeq, ...changes.map((c) => c.seq)),
    logRead: log && { ino: log.ino, end: log.end },
    generation: parts.customers!.file,
    problems,
  };
  return { snapshot, manifest: text };
}

async function readPart(dir: string, entry: PartEntry | undefined): Promise<{ text?: string; problem?: string }> {
  if (!entry || typeof entry.file !== "string" || basename(entry.file) !== entry.file) return { problem: "missing" };
  try {
    const buf = await readFile(join(dir, entry.file));
    // A part cut short (a full disk, a copy in progress) is refused before parsing.
    if (buf.length !== entry.bytes) return { problem: "incomplete" };
    return { text: buf.toString(isAscii(buf) ? "latin1" : "utf8") };
  } catch {
    return { problem: "missing" };
  }
}
