/**
 * Logging: stderr always (stdout is the protocol channel in stdio mode), mirrored to MCP logging
 * notifications once a server is connected. Every line passes through the redactor first.
 */
import { Redactor } from "./http/redact.js";
import type { LogLevel } from "./http/types.js";

const ORDER: Record<LogLevel, number> = { debug: 0, info: 1, notice: 2, warning: 3, error: 4 };

export interface LogSink {
  /** Lowest level this sink wants; read on every call so a client's logging/setLevel applies at once. */
  level(): LogLevel;
  write(level: LogLevel, logger: string, data: Record<string, unknown>): void;
}

export class Logger {
  private sinks: LogSink[] = [];

  constructor(
    readonly redactor: Redactor = new Redactor(),
    private readonly stderrLevel: LogLevel = "info",
  ) {}

  addSink(sink: LogSink): () => void {
    this.sinks.push(sink);
    return () => {
      this.sinks = this.sinks.filter((s) => s !== sink);
    };
  }

  /** Whether anyone would receive a line at this level (skips redaction work on hot paths). */
  wants(level: LogLevel): boolean {
    return ORDER[level] >= ORDER[this.stderrLevel] || this.sinks.some((s) => ORDER[level] >= ORDER[s.level()]);
  }

  log(level: LogLevel, logger: string, message: string, data?: Record<string, unknown>): void {
    if (!this.wants(level)) return;
    const text = this.redactor.redact(message);
    const safeData = data ? this.redactor.redactValue(data) : undefined;
    if (ORDER[level] >= ORDER[this.stderrLevel]) {
      process.stderr.write(`[fsm-mcp] ${level}${logger ? ` ${logger}` : ""}: ${text}${safeData ? ` ${JSON.stringify(safeData)}` : ""}\n`);
    }
    for (const sink of this.sinks) {
      if (ORDER[level] >= ORDER[sink.level()]) sink.write(level, logger, safeData ? { message: text, ...safeData } : { message: text });
    }
  }

  debug(logger: string, m: string, d?: Record<string, unknown>) {
    this.log("debug", logger, m, d);
  }
  info(logger: string, m: string, d?: Record<string, unknown>) {
    this.log("info", logger, m, d);
  }
  warn(logger: string, m: string, d?: Record<string, unknown>) {
    this.log("warning", logger, m, d);
  }
  error(logger: string, m: string, d?: Record<string, unknown>) {
    this.log("error", logger, m, d);
  }
}

export function stderrLevelFrom(env: Record<string, string | undefined>): LogLevel {
  const v = env.FSM_LOG_LEVEL?.toLowerCase();
  return v === "debug" || v === "info" || v === "notice" || v === "warning" || v === "error" ? v : "info";
}
