/**
 * The dry run's reference check (src/safety/references.ts) on its own: which reads run, how their answers are
 * classified, and how the note words what was checked. The e2e suite (test/e2e/dry-run.test.ts) runs it against
 * the vendors' sandboxes; this pins the rules the three vendors share.
 */
import { describe, expect, it } from "vitest";
import { NotFoundError } from "../../src/domain/errors.js";
import { VendorError } from "../../src/http/errors.js";
import { checkReferences, existPhrase, referenceNotes, type Reference } from "../../src/safety/references.js";

function ref(kind: Reference["kind"], id: number | string, exists?: Reference["exists"], extra: Partial<Reference> = {}): Reference {
  return { kind, id, finder: `find_${kind.replace(" ", "_")}s`, ...(exists ? { exists } : {}), ...extra };
}

const vendorError = (status: number) => new VendorError({ kind: "http", status, message: `HTTP ${status}`, method: "GET", path: "/x", retryable: false, attempts: 1 });

describe("checkReferences", () => {
  it("reads each record once, skipping those already read by the tool or the planning", async () => {
    const reads: string[] = [];
    const reading = (name: string) => async () => {
      reads.push(name);
      return true;
    };
    const check = await checkReferences(
      [ref("job", 7), ref("location", 5, reading("location")), ref("technician", 3, reading("technician")), ref("asset", 9, reading("asset")), ref("asset", 9, reading("asset again"))],
      [{ kind: "location", id: 5 }],
      {},
    );
    expect(reads.sort()).toEqual(["asset", "technician"]);
    expect(check.exist.map((r) => `${r.kind} ${r.id}`)).toEqual(["job 7", "location 5", "technician 3", "asset 9"]);
    expect(existPhrase(check.exist)).toBe("job 7, location 5, technician 3 and asset 9 exist");
  });

  it("a missing record is the not_found naming its finder; several are all listed", async () => {
    const err = await checkReferences([ref("technician", 3, async () => false), ref("asset", 4, async () => Promise.reject(vendorError(404)))], [], {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    const nf = err as NotFoundError;
    expect(nf.message).toBe("No technician with id 3 exists. Nothing was sent.");
    expect(nf.hints).toEqual(["Find a valid technician id with find_technicians."]);
    expect(nf.facts.missing).toEqual(["technician 3", "asset 4"]);
  });

  it("a record the vendor would skip, one it cannot read (403 or no read by id), and faults", async () => {
    const check = await checkReferences(
      [
        ref("asset", 4, async () => Promise.reject(new NotFoundError("asset", 4, "search_assets")), { skipped: "the vendor skips it" }),
        ref("technician", 3, async () => Promise.reject(vendorError(403))),
        ref("location", 5, async () => "no read by location id", { noun: "site" }),
      ],
      [],
      {},
    );
    expect(check.exist).toEqual([]);
    expect(existPhrase(check.exist)).toBeUndefined();
    expect(referenceNotes(check)).toEqual([
      "technician 3 could not be checked (the credential may not read technicians (403)); the vendor checks it when the call is sent.",
      "site 5 could not be checked (no read by location id); the vendor checks it when the call is sent.",
      "asset 4 does not exist: the vendor skips it.",
    ]);
    // Anything else (a timeout, a 500 after the HTTP core's retries) is not an answer about the record.
    await expect(checkReferences([ref("job", 1, async () => Promise.reject(vendorError(500)))], [], {})).rejects.toBeInstanceOf(VendorError);
  });

  it("honours the call's signal", async () => {
    const abort = new AbortController();
    const pending = checkReferences(
      [
        ref("job", 1, async () => {
          abort.abort(new Error("cancelled by the user"));
          return true;
        }),
      ],
      [],
      { signal: abort.signal },
    );
    await expect(pending).rejects.toThrow("cancelled by the user");
  });

  it("words several ids of one kind together", () => {
    expect(existPhrase([ref("asset", 1), ref("asset", 2), ref("location", 5)])).toBe("assets 1, 2 and location 5 exist");
    expect(existPhrase([ref("asset type", 5)])).toBe("asset type 5 exists");
  });
});
