import { afterEach, describe, expect, it } from "vitest";
import { REDACTED, Redactor, isSecretKey } from "../../src/http/redact.js";
import type { VendorError } from "../../src/http/errors.js";
import type { AuthProvider } from "../../src/http/types.js";
import { json, makeClient, rejectionOf, startServer } from "./helpers.js";

describe("Redactor.redact", () => {
  it("replaces known secrets (and their URL-encoded form), longest first", () => {
    const r = new Redactor(["s3cr3t-value", "s3cr3t-value-longer", "abc"]);
    expect(r.redact("a s3cr3t-value-longer b s3cr3t-value c")).toBe(`a ${REDACTED} b ${REDACTED} c`);
    expect(r.redact("abc stays: too short to be a secret")).toBe("abc stays: too short to be a secret");
    r.add("p@ss word!");
    expect(r.redact("q=p%40ss%20word! and p@ss word!")).toBe(`q=${REDACTED} and ${REDACTED}`);
  });

  it.each([
    ["key fsm_live_AbC123xyz used", `key ${REDACTED} used`],
    ["key fsm_test_9f8e7d in the url", `key ${REDACTED} in the url`],
    ["TrackplanFM key TP-Zq81kLm0", `TrackplanFM key ${REDACTED}`],
    ["Authorization: Bearer abc.def-ghi", `Authorization: Bearer ${REDACTED}`],
    ["authorization: bearer xyz", `authorization: bearer ${REDACTED}`],
    ["Authorization: Token 9c2f0e1d4b7a", `Authorization: Token ${REDACTED}`],
    ["Token expired, please log in", "Token expired, please log in"],
    ["jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl here", `jwt ${REDACTED} here`],
    ['{"username":"ann","password":"hun\\"ter2","n":1}', `{"username":"ann","password":"${REDACTED}","n":1}`],
    ['{"api_key": "k-1", "token":"t-2", "access_token":"t-3"}', `{"api_key": "${REDACTED}", "token":"${REDACTED}", "access_token":"${REDACTED}"}`],
    ["/jobs?api_key=k123&page=2&token=t456", `/jobs?api_key=${REDACTED}&page=2&token=${REDACTED}`],
    ["username=ann&password=hunter2", `username=ann&password=${REDACTED}`],
    ["X-API-Key: 8b1a9953c4611296", `X-API-Key: ${REDACTED}`],
    ["nothing secret about job TP 12", "nothing secret about job TP 12"],
  ])("generic pattern: %s", (input, expected) => {
    expect(new Redactor().redact(input)).toBe(expected);
  });

  it("is idempotent", () => {
    const r = new Redactor(["my-secret-key"]);
    const once = r.redact("Bearer my-secret-key password=x fsm_test_abc");
    expect(r.redact(once)).toBe(once);
  });
});

describe("Redactor.redactValue", () => {
  it("deep-walks objects and arrays, blanks secret-named keys, keeps the input untouched", () => {
    const r = new Redactor(["topsecretvalue"]);
    const input = {
      headers: { Authorization: "Bearer x", "X-API-Key": "k", accept: "application/json" },
      list: ["topsecretvalue", { apiKey: "k2", nested: { client_secret: "s", refresh_token: "r" } }],
      password: "p",
      note: "see fsm_live_abc123",
      count: 3,
      empty: null,
      when: new Date(0),
    };
    const out = r.redactValue(input);
    expect(out).toEqual({
      headers: { Authorization: REDACTED, "X-API-Key": REDACTED, accept: "application/json" },
      list: [REDACTED, { apiKey: REDACTED, nested: { client_secret: REDACTED, refresh_token: REDACTED } }],
      password: REDACTED,
      note: `see ${REDACTED}`,
      count: 3,
      empty: null,
      when: new Date(0),
    });
    expect(input.password).toBe("p");
  });

  it("survives cycles and turns errors into {name, message}", () => {
    const r = new Redactor(["zzz-secret"]);
    const a: Record<string, unknown> = { msg: "zzz-secret" };
    a.self = a;
    const out = r.redactValue({ a, err: new Error("failed with zzz-secret") }) as Record<string, any>;
    expect(out.a.msg).toBe(REDACTED);
    expect(out.a.self).toBe(out.a);
    expect(out.err).toEqual({ name: "Error", message: `failed with ${REDACTED}` });
  });

  it("isSecretKey", () => {
    for (const k of ["authorization", "X-Api-Key", "api_key", "apiKey", "password", "new_password", "token", "accessToken", "client_secret", "Cookie"]) {
      expect(isSecretKey(k), k).toBe(true);
    }
    for (const k of ["job_title", "tokens_used", "key_count", "status"]) expect(isSecretKey(k), k).toBe(false);
  });
});

describe("Redactor.containsSecret and redactKnownSecrets (tool arguments and results)", () => {
  const r = new Redactor(["fsm_live_Key123456", "short7x"]);

  it("finds a distinctive secret inside any text, every time (no regex state carried between calls)", () => {
    for (let i = 0; i < 3; i++) expect(r.containsSecret("x fsm_live_Key123456 y")).toBe(true);
  });

  it("ignores other text, lookalikes and secrets too short to be distinctive", () => {
    expect(r.containsSecret("fsm_live_Other99")).toBe(false);
    expect(r.containsSecret("short7x")).toBe(false);
    expect(new Redactor().containsSecret("anything")).toBe(false);
  });

  it("replaces only the distinctive secrets, keeping every key, type and the input", () => {
    const input = { id: 7, password: "kept: not a generic-pattern redaction", note: "has fsm_live_Key123456 and short7x", tags: ["fsm_live_Key123456"] };
    expect(r.redactKnownSecrets(input)).toEqual({ id: 7, password: "kept: not a generic-pattern redaction", note: `has ${REDACTED} and short7x`, tags: [REDACTED] });
    expect(input.tags[0]).toBe("fsm_live_Key123456");
  });

  it("keeps a __proto__ key an own key of the copy (it never becomes the copy's prototype)", () => {
    const out = r.redactKnownSecrets(JSON.parse('{"__proto__":{"note":"fsm_live_Key123456"}}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(out, "__proto__")?.value).toEqual({ note: REDACTED });
  });
});

describe("HttpClient never leaks the key", () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    while (cleanup.length) await cleanup.pop()!();
  });

  // A key that matches no generic pattern: only the literal secret list can catch it.
  const KEY = "k9Qz-PLAIN-3xx7-SECRET";
  const auth: AuthProvider = {
    apply: (headers) => {
      headers["x-api-key"] = KEY;
    },
    secrets: () => [KEY],
  };

  it("scrubs the key from message, path, details, fieldErrors, requestId and every event", async () => {
    const server = await startServer((req, res, n) => {
      const echoed = String(req.headers["x-api-key"]);
      if (n === 1) return json(res, 503, { success: false, error: "unavailable", message: `key ${echoed} is throttled` });
      json(res, 403, {
        success: false,
        error: "insufficient_scope",
        message: `Key ${echoed} lacks jobs:write (url ${req.url})`,
        errors: { [echoed]: [`bad ${echoed}`] },
        request_id: `rid-${echoed}`,
        key_used: echoed,
        echo: { url: req.url, headers: req.headers },
      });
    });
    const { client, events } = makeClient(server.url, { auth });
    cleanup.push(() => server.close(), () => client.close());

    const err = (await rejectionOf(
      client.request({ method: "GET", path: "/jobs", query: { api_key: KEY, other: KEY, page: 1 } }),
    )) as VendorError;

    expect(server.requests[0]!.headers["x-api-key"]).toBe(KEY); // it was really sent
    expect(err.status).toBe(403);
    const surfaces = {
      message: err.message,
      path: err.path,
      details: JSON.stringify(err.details),
      fieldErrors: JSON.stringify(err.fieldErrors),
      requestId: err.requestId,
      json: JSON.stringify(err),
      events: JSON.stringify(events),
    };
    for (const [where, text] of Object.entries(surfaces)) {
      expect(text, where).not.toContain(KEY);
      expect(text, where).not.toContain(encodeURIComponent(KEY));
    }
    expect(err.path).toBe(`/jobs?api_key=${REDACTED}&other=${REDACTED}&page=1`);
    expect(err.message).toContain(`Key ${REDACTED} lacks jobs:write`);
    expect(events.some((e) => e.type === "retry")).toBe(true);
  });

  it("also scrubs a refreshed token learned after the client was built", async () => {
    let token = "first-token-value-1";
    const refreshing: AuthProvider = {
      apply: (h) => void (h.authorization = `JWT ${token}`),
      refresh: async () => {
        token = "second-token-value-2";
        return true;
      },
      secrets: () => [token],
    };
    const server = await startServer((req, res) =>
      json(res, 401, { success: false, error: "unauthorized", message: `bad credential ${String(req.headers.authorization)}` }),
    );
    const { client, events } = makeClient(server.url, { auth: refreshing });
    cleanup.push(() => server.close(), () => client.close());
    const err = (await rejectionOf(client.request({ method: "GET", path: "/jobs" }))) as VendorError;
    expect(err.message).toBe(`GET /jobs failed: 401 unauthorized — bad credential JWT ${REDACTED} (even after refreshing the credentials once)`);
    expect(JSON.stringify(events)).not.toMatch(/first-token|second-token/);
  });
});
