/**
 * The lookup index on disk, so a restart answers without reading the account again. One file per vendor
 * credential and scope set, named by a hash (the credential itself is never written), holding the records as
 * read and MiniSearch's serialised index, so a restart loads it instead of tokenizing every record again (an index
 * built by another version of the fields or the tokenizer is ignored, and built again from the records).
 * Written atomically (temp file + rename, mode 0600); a file that cannot be read or parsed is ignored.
 */
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { nodeCrypto } from "../lazy-crypto.js";
import type { Asset, Customer, Job, Location } from "../domain/types.js";
import type { LookupKind, SavedIndex } from "./index-store.js";

export const FORMAT_VERSION = 1;

/** Where a credential's index lives: `<stateDir>/lookup/<hash>.json`. */
export function lookupFile(stateDir: string, parts: { vendor: string; origin: string; credential: string; kinds: readonly LookupKind[] }): string {
  const hash = nodeCrypto().createHash("sha256")
    .update([parts.vendor, parts.origin, parts.credential, [...parts.kinds].sort().join(",")].join("\n"))
    .digest("hex")
    .slice(0, 24);
  return join(stateDir, "lookup", `${parts.vendor}-${hash}.json`);
}

export interface Snapshot {
  version: number;
  kinds: LookupKind[];
  /** When each part was last read in full from the vendor (epoch ms); jobs also by delta. */
  syncedAt: Partial<Record<"customer" | "location" | "asset" | "job", number>>;
  customers: Customer[];
  locations: Location[];
  assets: Asset[];
  jobs: Job[];
  /** MiniSearch's own serialisation of each kind's index, loaded as it is when `fingerprint` matches this build. */
  index?: Partial<Record<LookupKind, SavedIndex>>;
  /** What built `index` (fields, tokenizer: see indexFingerprint), hashed. Another one: the records are indexed again. */
  fingerprint?: string;
}

export function fingerprintOf(text: string): string {
  return nodeCrypto().createHash("sha256").update(text).digest("hex").slice(0, 24);
}

/** The snapshot in `file`, or undefined when there is none or it is unreadable (then the index is rebuilt). */
export async function loadSnapshot(file: string): Promise<{ snapshot?: Snapshot; problem?: string }> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "ENOENT" ? {} : { problem: `cannot read the saved lookup index (${(err as NodeJS.ErrnoException).code ?? "error"})` };
  }
  try {
    const parsed = JSON.parse(text) as Partial<Snapshot>;
    const lists = [parsed.customers, parsed.locations, parsed.assets, parsed.jobs];
    if (parsed.version !== FORMAT_VERSION || !Array.isArray(parsed.kinds) || !lists.every(Array.isArray) || typeof parsed.syncedAt !== "object" || !parsed.syncedAt) {
      return { problem: "the saved lookup index has another format; rebuilding it" };
    }
    return { snapshot: parsed as Snapshot };
  } catch {
    return { problem: "the saved lookup index is corrupt; rebuilding it" };
  }
}

/** Write `text` to `file` atomically, readable by this user only. */
export async function saveText(file: string, text: string): Promise<void> {
  const dir = join(file, "..");
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const temp = `${file}.${nodeCrypto().randomUUID()}.tmp`;
  try {
    await writeFile(temp, text, { mode: 0o600 });
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw err;
  }
}
