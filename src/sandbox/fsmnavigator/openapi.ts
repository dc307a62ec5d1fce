/**
 * An OpenAPI 3.1 document of exactly what the sandbox simulates, generated from facts.ts (ENDPOINTS, enums,
 * scopes) and the sandbox's own field rules (schemas.ts), in the reference query style.
 *
 * OpenAPI keys operations by path and method only, while FSM Navigator picks operations by query selectors
 * (/jobs vs /jobs?id={id}). Path keys therefore spell the selector after "?" (e.g. "/assets?id&sub=service");
 * identifiers are ordinary query parameters, and each operation also states its reference and path-style URL.
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
        "Operations are chosen by query selectors, as on the vendor's reference pages; the path keys of this document",
        'spell the selector after "?" and every identifier is a query parameter. The sandbox also accepts the',
        "best-practices guide's path style (x-path-style on each operation) and answers it with envelope A",
        "({success, customers:[…], page, …} / {success, customer:{id, …}}); query-style URLs get envelope B",
        "({data, pagination, request_id}), as documented below.",
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

/** "/customers?id&locations=1&location_id" */
function pathKey(name: EndpointName): string {
  const endpoint = ENDPOINTS[name];
  const selector = selectorParts(endpoint)
    .map((part) => (part.value === undefined ? part.key : `${part.key}=${part.value}`))
    .join("&");
  return selector ? `${endpoint.resource}?${selector}` : endpoint.resource;
}

function operationObject(name: EndpointName): Record<string, unknown> {
  const endpoint = ENDPOINTS[name];
  const operation = OPERATIONS[name];
  const selectorParameters = selectorParts(endpoint).map((part) =>
    part.value === undefined
      ? { name: part.key, in: "query", required: true, description: "Identifier", schema: { type: "integer", minimum: 1 } }
      : { name: part.key, in: "query", required: true, description: "Selects this operation", schema: { type: "string", const: part.value } },
  );
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

  const path = pathPattern(endpoint);
  return {
    operationId: name,
    summary: endpoint.summary,
    description: `Scope: ${endpoint.scope}. Reference URL: ${endpoint.method} ${referencePath(endpoint)}${
      path ? `; path style: ${endpoint.method} /api/v1${path.replace(/:(\w+)/g, "{$1}")}` : ""
    }.`,
    tags: [tagOf(endpoint.resource)],
    security: [{ ApiKeyAuth: [endpoint.scope] }],
    "x-required-scope": endpoint.scope,
    "x-reference-path": referencePath(endpoint),
    ...(path ? { "x-path-style": `/api/v1${path.replace(/:(\w+)/g, "{$1}")}` } : {}),
    parameters: [...selectorParameters, ...(operation.query ? queryParameters(operation.query) : [])],
    ...(operation.body
      ? { requestBody: { required: true, content: { "application/json": { schema: objectSchema(operation.body) } } } }
      : {}),
    responses: { [String(operation.successStatus)]: successResponse(operation.resource, operation.shape), ...errors },
  };
}

function tagOf(resource: string): string {
  return resource.slice(1, 2).toUpperCase() + resource.slice(2);
}

function successResponse(resource: ResourceKind, shape: "list" | "item" | "write"): Record<string, unknown> {
  const ref = { $ref: `#/components/schemas/${SCHEMA_NAMES[resource]}` };
  const requestId = { type: "string", pattern: "^[0-9a-f]{12}$" };
  const schema: JsonSchema =
    shape === "list"
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
              data: { type: "object", description: `Key fields of the ${RESOURCES[resource].singular} (envelope A returns the full record under "${RESOURCES[resource].singular}")` },
              request_id: requestId,
            },
          };
  return {
    description: shape === "write" ? "Done (envelope B)" : "OK (envelope B)",
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
