/**
 * An OpenAPI 3.1 document of exactly what the sandbox simulates, generated from facts.ts (ENDPOINTS, enums,
 * scopes) and the sandbox's own field rules (schemas.ts).
 *
 * FSM Navigator picks operations by query selectors on its reference pages (/jobs vs /jobs?id={id}), which
 * OpenAPI cannot express: it keys operations by path and method, and a path key may not carry a query. So the
 * paths are the best-practices guide's path style (/jobs/{id}, /assets/{id}/service-records), which the
 * sandbox serves with envelope A, and collections (/jobs, shared by both styles) answer with envelope B. Each
 * operation also states its reference URL (x-reference-path). A standard document is what generic tools
 * (OpenAPI-to-MCP bridges, code generators) can use as is: an earlier "/jobs?id" key made them send ?id&id=7.
 */
import {
  ASSET_STATUSES,
  AUTH_HEADER,
  AVAILABILITY_STATUSES,
  DISPLAY_NAME,
  ENDPOINTS,
  ERROR_CODES,
  JOB_MACHINE,
  ASSET_MACHINE,
  JOB_STATUSES,
  PRIORITIES,
  RELATIONSHIP_TYPES,
  SCOPE_DESCRIPTIONS,
  SCOPES,
  SERVICE_TYPES,
  TECHNICIAN_STATUSES,
  type EndpointName,
} from "../../vendors/fsmnavigator/facts.js";
import { transitionRows } from "../../domain/status-machine.js";
import { objectSchema, queryParameters, type JsonSchema } from "../common/validate.js";
import { ENDPOINT_NAMES, pathPattern, referencePath, selectorParts } from "./endpoints.js";
import { RESOURCES, type ResourceKind } from "./envelopes.js";
import { OPERATIONS } from "./operations/index.js";

const SCHEMA_NAMES: Readonly<Record<ResourceKind, string>> = {
  customer: "Customer",
  location: "Location",
  job: "Job",
  asset: "Asset",
  service_record: "ServiceRecord",
  meter_reading: "MeterReading",
  transfer: "Transfer",
  technician: "Technician",
};

/** Endpoints whose body can change a status: they can answer invalid_status_transition. */
const STATUS_CHANGING: ReadonlySet<EndpointName> = new Set(["updateJob", "updateJobStatus", "updateAsset", "updateAssetStatus"]);

export interface OpenApiOptions {
  /** Absolute API base, e.g. http://127.0.0.1:4010/api/v1. */
  serverUrl?: string;
}

export function buildOpenApiDocument(options: OpenApiOptions = {}): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const name of ENDPOINT_NAMES) {
    const key = pathKey(name);
    paths[key] ??= {};
    (paths[key] as Record<string, unknown>)[ENDPOINTS[name].method.toLowerCase()] = operationObject(name);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: `${DISPLAY_NAME} API (fsm-mcp sandbox)`,
      version: "v1",
      description: [
        `What the fsm-mcp sandbox simulates of the ${DISPLAY_NAME} REST API.`,
        "Paths follow the best-practices guide's path style (/jobs/{id}, /customers/{id}/locations), answered with",
        "envelope A ({success, customer:{id, …}} / {success, locations:[…], page, …}); collections (/jobs, /customers, …)",
        "answer with envelope B ({data, pagination, request_id}). The reference pages' query style (/jobs?id={id},",
        "x-reference-path on each operation) selects the same operations and always answers with envelope B.",
        "",
        `Job transitions: ${transitionText(JOB_MACHINE)}.`,
        `Asset transitions: ${transitionText(ASSET_MACHINE)}.`,
      ].join("\n"),
    },
    servers: [{ url: options.serverUrl ?? "/api/v1" }],
    security: [{ ApiKeyAuth: [] }],
    tags: [
      { name: "Jobs" },
      { name: "Customers" },
      { name: "Assets" },
      { name: "Technicians" },
    ],
    paths,
    components: {
      securitySchemes: {
        ApiKeyAuth: {
          type: "apiKey",
          in: "header",
          name: AUTH_HEADER,
          description: [
            "Keys look like fsm_live_… or fsm_test_…. Each key has scopes; an operation needs the scope named in",
            "its security requirement (x-required-scope), else 403 insufficient_scope.",
            ...SCOPES.map((scope) => `- ${scope}: ${SCOPE_DESCRIPTIONS[scope]}`),
          ].join("\n"),
        },
      },
      schemas: componentSchemas(),
      responses: errorResponses(),
    },
  };
}

function transitionText(machine: typeof JOB_MACHINE | typeof ASSET_MACHINE): string {
  return transitionRows<string>(machine)
    .map((row) => `${row.from} → ${row.to.length > 0 ? row.to.join(" | ") : "(terminal)"}`)
    .join("; ");
}

/** "/customers/{id}/locations/{location_id}"; a collection is its resource ("/customers"). */
function pathKey(name: EndpointName): string {
  const endpoint = ENDPOINTS[name];
  return openApiPath(endpoint) ?? endpoint.resource;
}

/** The path-style pattern in OpenAPI's spelling ({id} for :id); undefined for collections. */
function openApiPath(endpoint: (typeof ENDPOINTS)[EndpointName]): string | undefined {
  return pathPattern(endpoint)?.replace(/:(\w+)/g, "{$1}");
}

function operationObject(name: EndpointName): Record<string, unknown> {
  const endpoint = ENDPOINTS[name];
  const operation = OPERATIONS[name];
  // Identifiers are path parameters; fixed selector parts ("locations=1", "sub=service") are path segments.
  const pathParameters = selectorParts(endpoint)
    .filter((part) => part.value === undefined)
    .map((part) => ({ name: part.key, in: "path", required: true, description: idDescription(endpoint.resource, part.key), schema: { type: "integer", minimum: 1 } }));
  const errors: Record<string, unknown> = { "401": { $ref: "#/components/responses/Unauthorized" }, "403": { $ref: "#/components/responses/Forbidden" } };
  const codes400 = [
    ...(operation.body || operation.query || endpoint.selector.length > 0 ? ["validation_failed"] : []),
    ...(STATUS_CHANGING.has(name) ? ["invalid_status_transition"] : []),
    ...(name === "submitMeterReading" ? ["meter_not_found"] : []),
  ];
  if (codes400.length > 0) errors["400"] = errorResponse(`Refused: ${codes400.join(", ")}`, codes400);
  if (endpoint.selector.length > 0 || endpoint.method !== "GET") errors["404"] = { $ref: "#/components/responses/NotFound" };
  if (operation.body) errors["413"] = { $ref: "#/components/responses/PayloadTooLarge" };
  errors["429"] = { $ref: "#/components/responses/RateLimited" };

  const path = openApiPath(endpoint);
  // Path style answers with envelope A, collections (query style) with envelope B.
  const envelope = path ? "A" : "B";
  return {
    operationId: name,
    summary: endpoint.summary,
    description: `Scope: ${endpoint.scope}. Reference URL: ${endpoint.method} ${referencePath(endpoint)}${path ? " (answers with envelope B)" : ""}.`,
    tags: [tagOf(endpoint.resource)],
    security: [{ ApiKeyAuth: [endpoint.scope] }],
    "x-required-scope": endpoint.scope,
    "x-reference-path": referencePath(endpoint),
    parameters: [...pathParameters, ...(operation.query ? queryParameters(operation.query) : [])],
    ...(operation.body
      ? { requestBody: { required: true, content: { "application/json": { schema: objectSchema(operation.body) } } } }
      : {}),
    responses: { [String(operation.successStatus)]: successResponse(operation.resource, operation.shape, envelope), ...errors },
  };
}

/** "Job id" for /jobs/{id}, "Location id" for {location_id}. */
function idDescription(resource: string, key: string): string {
  const subject = key === "id" ? resource.slice(1, -1) : key.replace(/_id$/, "");
  return `${subject.slice(0, 1).toUpperCase()}${subject.slice(1)} id`;
}

function tagOf(resource: string): string {
  return resource.slice(1, 2).toUpperCase() + resource.slice(2);
}

function successResponse(resource: ResourceKind, shape: "list" | "item" | "write", envelope: "A" | "B"): Record<string, unknown> {
  const ref = { $ref: `#/components/schemas/${SCHEMA_NAMES[resource]}` };
  const requestId = { type: "string", pattern: "^[0-9a-f]{12}$" };
  const names = RESOURCES[resource];
  // Envelope A spells each record's own id `id` (in place of e.g. job_id): the record schemas list no
  // required fields, so the referenced schema plus a required `id` describes it exactly.
  const recordA: JsonSchema = { allOf: [ref, { type: "object", required: ["id"], properties: { id: { type: "integer" } } }] };
  const pages = { page: { type: "integer" }, per_page: { type: "integer" }, total: { type: "integer" }, total_pages: { type: "integer" } };
  const schema: JsonSchema =
    envelope === "A"
      ? shape === "list"
        ? {
            type: "object",
            required: ["success", names.plural, "page", "per_page", "total", "total_pages", "request_id"],
            properties: { success: { const: true }, [names.plural]: { type: "array", items: recordA }, ...pages, request_id: requestId },
          }
        : {
            type: "object",
            required: ["success", names.singular, "request_id", ...(shape === "write" ? ["message"] : [])],
            properties: {
              success: { const: true },
              ...(shape === "write" ? { message: { type: "string" } } : {}),
              [names.singular]: recordA,
              request_id: requestId,
            },
          }
      : shape === "list"
        ? {
            type: "object",
            required: ["data", "pagination", "request_id"],
            properties: { data: { type: "array", items: ref }, pagination: { $ref: "#/components/schemas/Pagination" }, request_id: requestId },
          }
        : shape === "item"
          ? { type: "object", required: ["data", "request_id"], properties: { data: ref, request_id: requestId } }
          : {
              type: "object",
              required: ["success", "message", "data", "request_id"],
              properties: {
                success: { const: true },
                message: { type: "string" },
                data: { type: "object", description: `Key fields of the ${names.singular} (envelope A returns the full record under "${names.singular}")` },
                request_id: requestId,
              },
            };
  return {
    description: `${shape === "write" ? "Done" : "OK"} (envelope ${envelope})`,
    headers: {
      "X-Request-Id": { schema: requestId },
      "X-RateLimit-Limit": { schema: { type: "integer" } },
      "X-RateLimit-Remaining": { schema: { type: "integer" } },
      "X-RateLimit-Reset": { description: "Unix seconds", schema: { type: "integer" } },
    },
    content: { "application/json": { schema } },
  };
}

function errorResponse(description: string, codes: readonly string[]): Record<string, unknown> {
  return {
    description,
    content: {
      "application/json": {
        schema: { allOf: [{ $ref: "#/components/schemas/Error" }, { properties: { error: { enum: [...codes] } } }] },
      },
    },
  };
}

function errorResponses(): Record<string, unknown> {
  return {
    Unauthorized: errorResponse("Missing, malformed or unknown API key", ["unauthorized"]),
    Forbidden: errorResponse("The key lacks the operation's scope (required_scope names it)", ["insufficient_scope"]),
    NotFound: errorResponse("Unknown endpoint or id", ["not_found"]),
    PayloadTooLarge: errorResponse("Body over 1 MiB", ["payload_too_large"]),
    RateLimited: {
      ...errorResponse("Too many requests for this key (rolling window)", ["rate_limit_exceeded"]),
      headers: { "Retry-After": { description: "Seconds to wait", schema: { type: "integer", minimum: 1 } } },
    },
  };
}

/* ---------- response objects ---------- */

const str = { type: "string" };
const int = { type: "integer" };
const num = { type: "number" };
const bool = { type: "boolean" };
const dateTime = { type: "string", format: "date-time" };
const day = { type: "string", format: "date" };
const orNull = (schema: Record<string, unknown>): Record<string, unknown> => ({ ...schema, type: [schema.type, "null"] });
const enumOf = (values: readonly string[]): Record<string, unknown> => ({ type: "string", enum: [...values] });
const object = (properties: Record<string, unknown>, description?: string): JsonSchema => ({
  type: "object",
  ...(description ? { description } : {}),
  properties,
});

function componentSchemas(): Record<string, JsonSchema> {
  const customer = {
    customer_id: int,
    customer_name: str,
    customer_email: orNull(str),
    customer_phone: orNull({ ...str, description: "E.164" }),
    default_sla_hours: orNull(int),
    tax_exempt: bool,
    tax_exemption_reason: orNull(str),
    created_at: dateTime,
    updated_at: dateTime,
  };
  const location = {
    location_id: int,
    customer_id: int,
    location_name: str,
    street: str,
    city: str,
    state: str,
    zip: str,
    contact_email: orNull(str),
    notes: orNull(str),
    is_primary: bool,
    latitude: orNull(num),
    longitude: orNull(num),
    created_at: dateTime,
    updated_at: dateTime,
  };
  return {
    Error: {
      type: "object",
      required: ["success", "error", "message", "request_id"],
      properties: {
        success: { const: false },
        error: enumOf(Object.keys(ERROR_CODES)),
        message: str,
        request_id: str,
        details: { type: "object", additionalProperties: { type: "array", items: str }, description: "validation_failed: field → messages" },
        required_scope: { ...enumOf(SCOPES), description: "insufficient_scope: the scope the key lacks" },
        current_status: { ...str, description: "invalid_status_transition" },
        requested_status: { ...str, description: "invalid_status_transition" },
        allowed_transitions: { type: "array", items: str, description: "invalid_status_transition" },
        retry_after: { ...int, description: "rate_limit_exceeded: seconds" },
      },
    },
    Pagination: object({ page: int, per_page: int, total: int, total_pages: int }),
    Customer: object({ ...customer, locations: { type: "array", items: { $ref: "#/components/schemas/Location" }, description: "With include=locations only" } }),
    Location: object(location, "[I] Not shown on the vendor's API pages; fields follow the create body and the UI."),
    Job: object({
      job_id: int,
      job_title: str,
      job_description: orNull(str),
      job_status: enumOf(JOB_STATUSES),
      job_priority: enumOf(PRIORITIES),
      assigned_technician_id: orNull(int),
      assigned_technician_name: orNull(str),
      customer_location_id: int,
      customer_location_name: orNull(str),
      customer_id: orNull(int),
      customer_name: orNull(str),
      scheduled_start: orNull(dateTime),
      scheduled_end: orNull(dateTime),
      actual_start: orNull(dateTime),
      actual_end: orNull(dateTime),
      created_at: dateTime,
      updated_at: dateTime,
      assets: {
        type: "array",
        description: "Single-job responses only",
        items: object({
          asset_id: int,
          asset_tag: str,
          asset_name: str,
          asset_status: enumOf(ASSET_STATUSES),
          relationship_type: enumOf(RELATIONSHIP_TYPES),
          relationship_notes: orNull(str),
          linked_at: dateTime,
        }),
      },
    }),
    Asset: object({
      asset_id: int,
      asset_tag: { type: "string", pattern: "^AST-\\d{6}$" },
      asset_name: str,
      asset_type_id: int,
      asset_type_name: orNull(str),
      status: enumOf(ASSET_STATUSES),
      condition: orNull(str),
      ownership_type: orNull(str),
      location_id: orNull(int),
      location_name: orNull(str),
      assigned_to: orNull(int),
      assigned_to_name: orNull(str),
      serial_number: orNull(str),
      model: orNull(str),
      manufacturer: orNull(str),
      purchase_date: orNull(day),
      purchase_cost: orNull(num),
      warranty_expiry: orNull(day),
      notes: orNull(str),
      created_at: dateTime,
      updated_at: dateTime,
      meters: {
        type: "array",
        description: "[I] Single-asset responses only: the meters configured in the dashboard, so readings can name a meter_id",
        items: object({ meter_id: int, meter_name: str, unit: str, last_reading_value: orNull(num), last_reading_date: orNull(day), reading_count: int }),
      },
    }),
    ServiceRecord: object({
      service_id: int,
      asset_id: int,
      task_id: orNull(int),
      service_type: enumOf(SERVICE_TYPES),
      description: str,
      resolution_notes: orNull(str),
      technician_id: orNull(int),
      service_date: day,
      service_started_at: orNull(dateTime),
      service_completed_at: orNull(dateTime),
      next_service_due: orNull(day),
      meter_reading_at_service: orNull(num),
      labor_hours: orNull(num),
      service_cost: orNull(num),
      is_warranty_work: bool,
      warranty_claim_number: orNull(str),
      parts_used_summary: orNull(str),
      created_at: dateTime,
    }),
    MeterReading: object({ reading_id: int, meter_id: int, asset_id: int, reading_value: num, reading_date: day, previous_reading_value: orNull(num), created_at: dateTime }),
    Transfer: object({
      transfer_id: int,
      asset_id: int,
      from_location_id: orNull(int),
      to_location_id: int,
      transfer_reason: orNull(str),
      transfer_date: day,
      status: { const: "Completed" },
      created_at: dateTime,
    }),
    Technician: object({
      technician_id: int,
      first_name: str,
      last_name: str,
      status: enumOf(TECHNICIAN_STATUSES),
      availability_status: enumOf(AVAILABILITY_STATUSES),
      vehicle_type: orNull(str),
      transport_modes: { type: "array", items: str },
      skills: { type: "array", items: str, description: "[I] Single-technician responses only" },
      created_at: dateTime,
      updated_at: dateTime,
    }),
  };
}
