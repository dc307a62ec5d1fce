/**
 * Field rules of every request body and query string the FSM Navigator sandbox accepts. Validation and the
 * OpenAPI document both read these, and every enum comes from facts.ts. Required fields and enums are the
 * seeds'; rules marked [I] are the sandbox's reading of the UI pages or plain good sense.
 */
import {
  ASSET_CREATE_STATUSES,
  ASSET_STATUSES,
  AVAILABILITY_STATUSES,
  DEFAULT_PRIORITY,
  DEFAULT_RELATIONSHIP,
  JOB_STATUSES,
  PER_PAGE_DEFAULT,
  PER_PAGE_MAX,
  PRIORITIES,
  RELATIONSHIP_TYPES,
  SERVICE_TYPES,
  TECHNICIAN_STATUSES,
} from "../../vendors/fsmnavigator/facts.js";
import type { FieldSpec, FieldSpecs } from "../common/validate.js";
import { US_STATE_PATTERN, US_ZIP_PATTERN } from "../common/us-states.js";

/** The same fields, none required (PUT bodies: "only include the fields you want to change"). */
type Optional<S extends FieldSpecs> = { [K in keyof S]: S[K] extends infer F ? (F extends unknown ? Omit<F, "required"> : never) : never };
function optional<S extends FieldSpecs>(specs: S): Optional<S> {
  return Object.fromEntries(Object.entries(specs).map(([name, spec]) => [name, { ...spec, required: false }])) as unknown as Optional<S>;
}

const id = (description: string) => ({ type: "integer", min: 1, description }) as const satisfies FieldSpec;

/* ---------- query strings ---------- */

/**
 * per_page above PER_PAGE_MAX is refused (400), not clamped: a client asking for 500 and silently getting
 * 100 would miss records unless it reads total_pages; a clear error teaches the limit at once.
 */
export const PAGING = {
  page: { type: "integer", min: 1, default: 1, description: "Page number (default: 1)" },
  per_page: {
    type: "integer",
    min: 1,
    max: PER_PAGE_MAX,
    default: PER_PAGE_DEFAULT,
    description: `Results per page (default: ${PER_PAGE_DEFAULT}, max: ${PER_PAGE_MAX}; larger values are refused)`,
  },
} as const satisfies FieldSpecs;

const createdRange = {
  created_after: { type: "datetime", allowDateOnly: true, description: "Created on or after this date (ISO 8601)" },
  created_before: { type: "datetime", allowDateOnly: true, description: "Created on or before this date (ISO 8601; a bare date includes that whole day)" },
} as const satisfies FieldSpecs;

export const JOB_FILTERS = {
  status: { type: "enum", values: JOB_STATUSES, description: "Filter by job status" },
  priority: { type: "enum", values: PRIORITIES, description: "Filter by priority" },
  assigned_technician_id: { type: "integer", min: 1, description: "Filter by assigned technician" },
  customer_location_id: { type: "integer", min: 1, description: "Filter by customer location" },
  ...createdRange,
  updated_since: {
    type: "datetime",
    allowDateOnly: true,
    description: "Jobs updated at or after this time (ISO 8601), for incremental sync (seed 000)",
  },
  ...PAGING,
} as const satisfies FieldSpecs;

export const CUSTOMER_FILTERS = {
  search: { type: "string", allowEmpty: true, maxLength: 255, description: "Case-insensitive match on name, email or phone" },
  ...createdRange,
  has_locations: { type: "enum", values: ["0", "1"], description: "1 = only customers with locations, 0 = only without" },
  ...PAGING,
} as const satisfies FieldSpecs;

export const GET_CUSTOMER_OPTIONS = {
  include: { type: "enum", values: ["locations"], description: "include=locations embeds the customer's locations" },
} as const satisfies FieldSpecs;

export const ASSET_FILTERS = {
  status: { type: "enum", values: ASSET_STATUSES, description: "Filter by asset status" },
  asset_type_id: { type: "integer", min: 1, description: "Filter by asset type" },
  condition: { type: "string", maxLength: 50, description: "Filter by condition (case-insensitive), e.g. Good" },
  location_id: { type: "integer", min: 1, description: "Filter by the location where the asset is installed" },
  ownership_type: { type: "string", maxLength: 50, description: "Filter by ownership type (case-insensitive), e.g. company-owned, leased" },
  search: { type: "string", allowEmpty: true, maxLength: 255, description: "Case-insensitive match on asset name, tag or serial number" },
  ...createdRange,
  ...PAGING,
} as const satisfies FieldSpecs;

export const TECHNICIAN_FILTERS = {
  status: { type: "enum", values: TECHNICIAN_STATUSES, description: "Filter by technician status" },
  availability_status: { type: "enum", values: AVAILABILITY_STATUSES, description: "Filter by availability" },
  ...PAGING,
} as const satisfies FieldSpecs;

/* ---------- jobs (seed 001) ---------- */

const jobFields = {
  job_title: { type: "string", required: true, maxLength: 255, description: "Short description of the work", example: "AC unit repair" },
  job_description: { type: "string", allowEmpty: true, nullable: true, maxLength: 10000, description: "Detailed notes for the technician" },
  job_priority: { type: "enum", values: PRIORITIES, default: DEFAULT_PRIORITY, description: "Priority" },
  customer_location_id: { type: "integer", min: 1, required: true, description: "ID of the customer location" },
  assigned_technician_id: { type: "integer", min: 1, nullable: true, description: "Assign to a specific (active) technician; null unassigns" },
  scheduled_start: { type: "datetime", nullable: true, description: "Scheduled start time (ISO 8601)" },
  scheduled_end: { type: "datetime", nullable: true, description: "Scheduled end time (ISO 8601), not before scheduled_start" },
  asset_ids: {
    type: "integer_array",
    description: "IDs of assets to link. Unknown ids are silently skipped (seed 001); on PUT the list replaces every link and [] removes them all",
  },
  asset_relationship_type: { type: "enum", values: RELATIONSHIP_TYPES, default: DEFAULT_RELATIONSHIP, description: "Relationship of the linked assets" },
} as const satisfies FieldSpecs;

export const JOB_CREATE = {
  ...jobFields,
  // [I] New jobs start Pending (seed 001's create example); a status in the body is refused, not ignored.
  job_status: {
    type: "forbidden",
    reason: "job_status cannot be set on create: new jobs start Pending; change it with PATCH /api/v1/jobs?id={id}",
  },
} as const satisfies FieldSpecs;

export const JOB_UPDATE = {
  ...optional(jobFields),
  // [I] By analogy with assets (seed 002: "to change other fields along with the status, use PUT"); transitions are enforced.
  job_status: { type: "enum", values: JOB_STATUSES, description: "New status (the transition table applies)" },
} as const satisfies FieldSpecs;

export const JOB_STATUS_UPDATE = {
  job_status: { type: "enum", values: JOB_STATUSES, required: true, description: "New status (the transition table applies)" },
} as const satisfies FieldSpecs;

/* ---------- customers and locations (public-facts §1.7) ---------- */

const customerFields = {
  customer_name: { type: "string", required: true, maxLength: 255, description: "Customer (business) name", example: "Acme Corp" },
  contact_email: { type: "email", nullable: true, description: "Email (seed 000's spelling; same as customer_email)" },
  contact_phone: { type: "phone", nullable: true, description: "Phone in E.164 (seed 000's spelling; same as customer_phone)" },
  customer_email: { type: "email", nullable: true, description: "Email (the customer object's spelling)" },
  customer_phone: { type: "phone", nullable: true, description: "Phone in E.164 (the customer object's spelling)" },
  default_sla_hours: { type: "integer", min: 0, nullable: true, description: "Default SLA in hours" },
  tax_exempt: { type: "boolean", description: "Whether the customer is tax exempt" },
  tax_exemption_reason: { type: "string", allowEmpty: true, nullable: true, maxLength: 255, description: "Why (max 255)" },
} as const satisfies FieldSpecs;

export const CUSTOMER_CREATE = customerFields;
export const CUSTOMER_UPDATE = optional(customerFields);

const locationFields = {
  location_name: { type: "string", required: true, maxLength: 255, description: "Location name", example: "Acme HQ" },
  street: { type: "string", required: true, maxLength: 255, description: "Street address", example: "100 Main Street" },
  city: { type: "string", required: true, maxLength: 100, description: "City", example: "Springfield" },
  state: {
    type: "string",
    required: true,
    pattern: US_STATE_PATTERN,
    patternHint: "must be a 2-letter US state code in capitals, e.g. IL",
    description: "2-letter US state code",
    example: "IL",
  },
  zip: {
    type: "string",
    required: true,
    pattern: US_ZIP_PATTERN,
    patternHint: "must be a 5-digit ZIP or a 9-digit ZIP+4, e.g. 62701 or 62701-1234",
    description: "ZIP code (5 or 9 digits)",
    example: "62701",
  },
  // [I] The UI page: contact email defaults to the customer's primary email.
  contact_email: { type: "email", nullable: true, description: "Site contact email (defaults to the customer's email)" },
  notes: { type: "string", allowEmpty: true, nullable: true, maxLength: 2000, description: "Notes" },
  // [I] The UI has a primary location; making one primary demotes the others.
  is_primary: { type: "boolean", description: "Make this the customer's primary location" },
} as const satisfies FieldSpecs;

export const LOCATION_CREATE = locationFields;
export const LOCATION_UPDATE = optional(locationFields);

/* ---------- assets (seed 002) ---------- */

const assetTagRefusal = {
  type: "forbidden",
  reason: "asset_tag is generated by FSM Navigator (AST-NNNNNN) and must not be sent",
} as const satisfies FieldSpec;

const assetFields = {
  asset_name: { type: "string", required: true, maxLength: 255, description: "Descriptive name", example: "Carrier AC Unit 24ACC636" },
  asset_type_id: { type: "integer", min: 1, required: true, description: "ID of the asset type" },
  serial_number: { type: "string", nullable: true, maxLength: 100, description: "Manufacturer serial number" },
  model: { type: "string", nullable: true, maxLength: 100, description: "Model name or number" },
  manufacturer: { type: "string", nullable: true, maxLength: 100, description: "Manufacturer name" },
  purchase_date: { type: "date", nullable: true, description: "Purchase date (YYYY-MM-DD)" },
  purchase_cost: { type: "number", min: 0, nullable: true, description: "Purchase cost" },
  location_id: { type: "integer", min: 1, nullable: true, description: "Location where the asset is installed" },
  assigned_to: { type: "integer", min: 1, nullable: true, description: "Technician responsible for this asset" },
  notes: { type: "string", allowEmpty: true, nullable: true, maxLength: 2000, description: "Additional notes" },
  // [I] Fields the asset object carries that the documented create body does not list.
  warranty_expiry: { type: "date", nullable: true, description: "Warranty expiry (YYYY-MM-DD)" },
  condition: { type: "string", nullable: true, maxLength: 50, description: "Condition, e.g. Good" },
  ownership_type: { type: "string", nullable: true, maxLength: 50, description: "Ownership, e.g. customer-owned, company-owned, leased" },
  asset_tag: assetTagRefusal,
} as const satisfies FieldSpecs;

export const ASSET_CREATE = {
  ...assetFields,
  status: { type: "enum", values: ASSET_CREATE_STATUSES, default: "Active", description: "Initial status: Active or Pending Install" },
} as const satisfies FieldSpecs;

export const ASSET_UPDATE = {
  ...optional(assetFields),
  status: { type: "enum", values: ASSET_STATUSES, description: "New status (the transition table applies)" },
} as const satisfies FieldSpecs;

export const ASSET_STATUS_UPDATE = {
  status: { type: "enum", values: ASSET_STATUSES, required: true, description: "New status value" },
} as const satisfies FieldSpecs;

export const SERVICE_RECORD_CREATE = {
  service_type: { type: "enum", values: SERVICE_TYPES, required: true, description: "Type of service" },
  description: { type: "string", required: true, maxLength: 5000, description: "Description of the service performed" },
  service_date: { type: "date", required: true, description: "Date of service (YYYY-MM-DD)" },
  service_cost: { type: "number", min: 0, description: "Cost of the service" },
  technician_id: id("Technician who performed the service"),
  resolution_notes: { type: "string", allowEmpty: true, maxLength: 5000, description: "Notes on the resolution or outcome" },
  labor_hours: { type: "number", min: 0, description: "Hours of labor spent" },
  is_warranty_work: { type: "boolean", description: "Whether the service is covered by warranty" },
  warranty_claim_number: { type: "string", maxLength: 100, description: "Warranty claim reference number" },
  // [I] Fields of the service-history record that the documented create body does not list.
  task_id: id("Job the service was done under"),
  next_service_due: { type: "date", description: "When the next service is due (YYYY-MM-DD)" },
  meter_reading_at_service: { type: "number", min: 0, description: "Meter reading at the time of service" },
  parts_used_summary: { type: "string", allowEmpty: true, maxLength: 2000, description: "Parts used" },
} as const satisfies FieldSpecs;

export const METER_READING_CREATE = {
  meter_id: { type: "integer", min: 1, required: true, description: "ID of the meter (configured in the dashboard)" },
  reading_value: { type: "number", min: 0, required: true, description: "Current reading; must not be below the meter's last reading" },
  reading_date: { type: "date", required: true, description: "Date of the reading (YYYY-MM-DD)" },
} as const satisfies FieldSpecs;

export const TRANSFER_CREATE = {
  to_location_id: { type: "integer", min: 1, required: true, description: "Destination location ID" },
  transfer_reason: { type: "string", maxLength: 500, description: "Reason for the transfer" },
  transfer_date: { type: "date", description: "Date of transfer (YYYY-MM-DD); default today" },
} as const satisfies FieldSpecs;
