#!/usr/bin/env node
/**
 * fsm-mcp command line. No subcommand: serve MCP over stdio. Usage and banners go to stderr: stdout is
 * the protocol channel (the demo, a human-facing command, prints to stdout).
 */
import * as nodeModule from "node:module";
import { parseArgs } from "node:util";
import { ConfigError, loadConfig, type Flags } from "./config.js";
import type { VendorName } from "./domain/backend.js";
import { Logger, stderrLevelFrom } from "./log.js";
import { VERSION } from "./version.js";

const HELP = `fsm-mcp ${VERSION}: MCP server for Field Service Management (FSM Navigator, TrackplanFM, JobNimbus)

Usage:
  fsm-mcp [options]                 serve MCP over stdio (no credentials: the built-in sandbox)
  fsm-mcp --http [--host H] [--port N] [options]
                                    serve MCP over Streamable HTTP on http://H:N/mcp (default 127.0.0.1:3333;
                                    a host beyond loopback needs FSM_HTTP_TOKEN; --port 0 picks a free port)
  fsm-mcp sandbox [--port N] [--vendor V] [--scale large]
                                    run a vendor simulator with demo data on 127.0.0.1 and print its URL and demo keys
  fsm-mcp demo [--vendor V]         play the dispatcher chains against the sandbox and print each tool call
  fsm-mcp doctor [options]          check the configuration, reach the vendor, probe the key's read scopes and
                                    say which tools will be listed (report on stdout; exit 1 on a problem)
  fsm-mcp audit export              write the audit log as JSON lines to stdout: the Redis stream every replica
                                    shares when FSM_REDIS_URL is set, else the file in FSM_STATE_DIR
  fsm-mcp --help | --version

Options (each mirrors an environment variable):
  --vendor V         FSM_VENDOR     fsmnavigator | trackplanfm | jobnimbus
  --base-url URL     FSM_BASE_URL   vendor origin (the API path is added)
  --read-only        FSM_READ_ONLY  list no write tool; refuse non-GET requests
  --toolsets LIST    FSM_TOOLSETS   customers,jobs,assets,technicians
  --sandbox V        FSM_SANDBOX    force a vendor's sandbox
  --scale large      FSM_SANDBOX_SCALE  the sandbox also holds a large account (5,000 customers, 50,000 assets)

Credentials come from the environment only: FSM_API_KEY or FSM_API_KEY_FILE (FSM_USERNAME/FSM_PASSWORD for
TrackplanFM). Other variables: FSM_SCOPES, FSM_STATE_DIR, FSM_TIMEOUT_MS, FSM_LOG_LEVEL; with --http:
FSM_HTTP_TOKEN, FSM_HTTP_ALLOWED_HOSTS, FSM_HTTP_ALLOWED_ORIGINS, FSM_HTTP_MAX_SESSIONS; for each user's own
login (OAuth): --public-url URL (FSM_PUBLIC_URL), --auth-issuer URL (FSM_AUTH_ISSUER), FSM_AUTH_AUDIENCE,
FSM_AUTH_JWKS_URL, FSM_AUTH_READ_SCOPE, FSM_AUTH_WRITE_SCOPE; for several replicas as one (team mode):
FSM_REDIS_URL, FSM_REDIS_CLAIM_LEASE_SECONDS. See the README.
`;

class UsageError extends Error {}

/**
 * Write what the compile cache (turned on by the bin, src/bin.ts) holds now that the server is up, rather than
 * at exit: a host may kill its server instead of letting it exit. Every module a start needs is in it by now
 * (the first request is read after this); what loads later (undici, on the first vendor call) is written at
 * exit. Entries already on disk are not written again. Nothing happens where the cache is off (dist/cli.js).
 */
function saveCompileCache(): void {
  (nodeModule as { flushCompileCache?: () => void }).flushCompileCache?.();
}

function parse(argv: string[]) {
  try {
    return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      help: { type: "boolean", short: "h" },
      version: { type: "boolean", short: "v" },
      vendor: { type: "string" },
      "base-url": { type: "string" },
      "read-only": { type: "boolean" },
      toolsets: { type: "string" },
      sandbox: { type: "string" },
      scale: { type: "string" },
      port: { type: "string" },
      http: { type: "boolean" },
      host: { type: "string" },
      "public-url": { type: "string" },
      "auth-issuer": { type: "string" },
    },
  });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv);
  if (values.help) {
    process.stderr.write(HELP);
    return 0;
  }
  if (values.version) {
    process.stderr.write(`${VERSION}\n`);
    return 0;
  }
  const command = positionals[0] ?? "serve";
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    process.stderr.write(`--port must be a port number (0-65535), got "${values.port}"\n`);
    return 2;
  }
  const flags: Flags = {
    vendor: values.vendor,
    baseUrl: values["base-url"],
    readOnly: values["read-only"],
    toolsets: values.toolsets,
    sandbox: values.sandbox,
    scale: values.scale,
    port,
    http: values.http,
    host: values.host,
    publicUrl: values["public-url"],
    authIssuer: values["auth-issuer"],
  };
  if (values.host !== undefined && !values.http) {
    process.stderr.write("--host applies to --http only (stdio needs no address)\n");
    return 2;
  }
  const logger = new Logger(undefined, stderrLevelFrom(process.env));

  switch (command) {
    case "serve": {
      const config = loadConfig(process.env, { ...flags, stdio: !flags.http });
      const { startRuntime } = await import("./runtime.js");
      const runtime = await startRuntime(config, logger);
      if (config.http) {
        // Loaded only in this mode: stdio never pays for the HTTP transport.
        const { serveHttp } = await import("./server/http.js");
        await serveHttp(runtime, logger);
        saveCompileCache();
        return -1;
      }
      const { serveStdio } = await import("./server/stdio.js");
      await serveStdio(runtime, logger);
      saveCompileCache();
      return -1; // keep running
    }
    case "sandbox": {
      const { runSandboxCommand } = await import("./sandbox/command.js");
      const scale = values.scale ?? process.env.FSM_SANDBOX_SCALE ?? "regular";
      return runSandboxCommand((values.vendor ?? values.sandbox ?? "fsmnavigator") as VendorName, port ?? 4010, scale);
    }
    case "demo": {
      const { runDemo } = await import("./demo/run.js");
      return runDemo((values.vendor ?? values.sandbox ?? process.env.FSM_SANDBOX ?? "fsmnavigator") as VendorName);
    }
    case "audit": {
      if (positionals[1] !== "export" || positionals.length > 2) {
        process.stderr.write(`Usage: fsm-mcp audit export  (got "${positionals.slice(1).join(" ")}")\n`);
        return 2;
      }
      const { exportAudit } = await import("./state/audit-export.js");
      return exportAudit(loadConfig(process.env, flags), logger);
    }
    case "doctor": {
      const { runDoctor } = await import("./doctor/run.js");
      return runDoctor(process.env, flags);
    }
    default:
      process.stderr.write(`Unknown command "${command}".\n\n${HELP}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof UsageError) {
      process.stderr.write(`fsm-mcp: ${err.message}\n\n${HELP}`);
      process.exit(2);
    }
    if (err instanceof ConfigError) {
      process.stderr.write(`fsm-mcp: invalid configuration\n${err.message}\n`);
      process.exit(2);
    }
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`fsm-mcp: ${message}\n`);
    process.exit(1);
  },
);
