/**
 * Records the FSM Navigator sandbox keeps. Field names follow the vendor's reference pages (seeds 001/002,
 * public-facts §1.7–1.8); fields the docs do not show are marked [I]. Derived fields (customer_name on a
 * job, asset_type_name, …) are not stored: views.ts computes them, so they can never go stale.
 */
import type {
  AssetStatus,
  AVAILABILITY_STATUSES,
  JobStatus,
  Priority,
  RelationshipType,
  ServiceType,
  TECHNICIAN_STATUSES,
} from "../../vendors/fsmnavigator/facts.js";

export type TechnicianStatus = (typeof TECHNICIAN_STATUSES)[number];
export type AvailabilityStatus = (typeof AVAILABILITY_STATUSES)[number];

export interface CustomerRecord {
  customer_id: number;
  customer_name: string;
  customer_email: string | null;
  customer_phone: string | null;
  default_sla_hours: number | null;
  tax_exempt: boolean;
  tax_exemption_reason: string | null;
  created_at: string;
  updated_at: string;
}

/** [I] The location object is not shown on the API pages; fields follow the create body and the UI page. */
export interface LocationRecord {
  location_id: number;
  customer_id: number;
  location_name: string;
  street: string;
  city: string;
  state: string;
  zip: string;
  contact_email: string | null;
  notes: string | null;
  is_primary: boolean;
  /** [I] The UI geocodes addresses; the sandbox has coordinates for seeded sites only. */
  latitude: number | null;
  longitude: number | null;
  created_at: string;
  updated_at: string;
}

export interface TechnicianRecord {
  technician_id: number;
  first_name: string;
  last_name: string;
  status: TechnicianStatus;
  availability_status: AvailabilityStatus;
  vehicle_type: string | null;
  transport_modes: string[];
  /** [I] The technicians page mentions skills; shown on the single-technician response only. */
  skills: string[];
  created_at: string;
  updated_at: string;
}

export interface JobAssetLink {
  asset_id: number;
  relationship_type: RelationshipType;
  relationship_notes: string | null;
  linked_at: string;
}

export interface JobRecord {
  job_id: number;
  job_title: string;
  job_description: string | null;
  job_status: JobStatus;
  job_priority: Priority;
  assigned_technician_id: number | null;
  customer_location_id: number;
  scheduled_start: string | null;
  scheduled_end: string | null;
  actual_start: string | null;
  actual_end: string | null;
  created_at: string;
  updated_at: string;
  asset_links: JobAssetLink[];
}

/** [I] Asset types are configured in the dashboard; the API exposes only asset_type_id / asset_type_name. */
export interface AssetTypeRecord {
  asset_type_id: number;
  asset_type_name: string;
}

export interface AssetRecord {
  asset_id: number;
  asset_tag: string;
  asset_name: string;
  asset_type_id: number;
  status: AssetStatus;
  /** [I] A list filter exists (seed 002); the values are the sandbox's. */
  condition: string | null;
  /** [I] A list filter exists ("e.g., company-owned, leased"). */
  ownership_type: string | null;
  location_id: number | null;
  assigned_to: number | null;
  serial_number: string | null;
  model: string | null;
  manufacturer: string | null;
  purchase_date: string | null;
  purchase_cost: number | null;
  warranty_expiry: string | null;
  notes: string | null;
  created_at: string;
  updated_at: string;
}

/** [I] Meters are configured in the dashboard (seed 002); the API only takes readings against their ids. */
export interface MeterRecord {
  meter_id: number;
  asset_id: number;
  meter_name: string;
  unit: string;
  created_at: string;
}

export interface MeterReadingRecord {
  reading_id: number;
  meter_id: number;
  asset_id: number;
  reading_value: number;
  reading_date: string;
  created_at: string;
}

export interface ServiceRecordRecord {
  service_id: number;
  asset_id: number;
  /** The job the service was done under, when there was one (seed 002 calls it task_id). */
  task_id: number | null;
  service_type: ServiceType;
  description: string;
  resolution_notes: string | null;
  technician_id: number | null;
  service_date: string;
  service_started_at: string | null;
  service_completed_at: string | null;
  next_service_due: string | null;
  meter_reading_at_service: number | null;
  labor_hours: number | null;
  service_cost: number | null;
  is_warranty_work: boolean;
  warranty_claim_number: string | null;
  parts_used_summary: string | null;
  created_at: string;
}

export interface TransferRecord {
  transfer_id: number;
  asset_id: number;
  from_location_id: number | null;
  to_location_id: number;
  transfer_reason: string | null;
  transfer_date: string;
  /** Seed 002's example answers "Completed": the sandbox completes transfers at once. */
  status: "Completed";
  created_at: string;
}
