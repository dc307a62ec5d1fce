/**
 * ASP.NET problem details, the error shape of seed §3.1: validation errors
 * `{type, title: "One or more validation errors occurred.", status: 400, errors: {field: [msg]}, traceId}`,
 * everything else `{type, title, status, detail, traceId}`. `traceId` (ASP.NET's W3C trace id) is [I].
 */
import { randomBytes } from "node:crypto";
import { PROBLEM_TYPES, VALIDATION_TITLE } from "../../vendors/trackplanfm/facts.js";
import type { SandboxResponse } from "../common/http.js";
import { FieldErrors } from "../common/validate.js";

const TITLES: Readonly<Record<number, string>> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  413: "Payload Too Large",
  415: "Unsupported Media Type",
  429: "Too Many Requests",
  500: "An error occurred while processing your request.",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

/** A refusal a handler throws; app.ts renders it. */
export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly detail?: string,
    /** Field → messages: a validation problem (status 400). */
    readonly errors?: Record<string, string[]>,
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? TITLES[status] ?? `HTTP ${status}`);
    this.name = "Problem";
  }
}

export function validation(errors: FieldErrors | Record<string, string[]>): Problem {
  return new Problem(400, undefined, errors instanceof FieldErrors ? errors.toRecord() : errors);
}

/** One field's validation problem. */
export function invalid(field: string, message: string): Problem {
  return new Problem(400, undefined, { [field]: [message] });
}

export function notFound(what: string, guid: string): Problem {
  return new Problem(404, `No ${what} with id ${guid} exists.`);
}

/** "00-<trace>-<span>-00", the shape ASP.NET puts in traceId. */
export function newTraceId(): string {
  return `00-${randomBytes(16).toString("hex")}-${randomBytes(8).toString("hex")}-00`;
}

export function problemResponse(p: Problem, traceId = newTraceId()): SandboxResponse {
  const type = PROBLEM_TYPES[p.status] ?? PROBLEM_TYPES[p.status >= 500 ? 500 : 400];
  const json = p.errors
    ? { type, title: VALIDATION_TITLE, status: p.status, errors: p.errors, traceId }
    : { type, title: TITLES[p.status] ?? "Error", status: p.status, ...(p.detail && p.status < 500 ? { detail: p.detail } : {}), traceId };
  return { status: p.status, headers: { ...p.headers }, json, contentType: "application/problem+json; charset=utf-8" };
}
