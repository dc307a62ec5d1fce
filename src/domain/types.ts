/**
 * Vendor-neutral domain objects. Vendor adapters normalise their payloads into these once, at the client
 * boundary; tools project them into results. Ids keep the vendor's native type (FSM Navigator integers,
 * TrackplanFM GUIDs, JobNimbus jnids) so that what a tool returns can be passed straight back to another.
 */
export type Id = number | string;

export interface Location {
  id: Id;
  customerId?: Id;
  name: string;
  street?: string | null;
  city?: string | null;
  state?: string | null;
  zip?: string | null;
  region?: string | null;
  code?: string | null;
  isPrimary?: boolean;
  contactEmail?: string | null;
  notes?: string | null;
  createdAt?: string | null;
  updatedAt?: string | null;
}

export interface Customer {
  id: Id;
  name: string;
  email?: string | null;
  phone?: string | null;
  company?: string | null;
  /** Workflow status for vendors whose customers have one (JobNimbus contacts). */
  status?: string | null;
  workflow?: string | null;
  /** One-line address, for vendors whose customers carry one (JobNimbus contacts). */
  address?: string | null;
  slaHours?: number | null;
  taxExempt?: boolean | null;
  /** Site code and region, for vendors whose customers are sites (TrackplanFM). */
  code?: string | null;
  region?: string | null;
  createdAt?: string | null;
  updatedAt?: string | null;
  locations?: Location[];
}

export interface JobAssetLink {
  assetId: Id;
  tag?: string | null;
  name?: string | null;
  status?: string | null;
  relationshipType?: string | null;
}

export interface JobTask {
  id: Id;
  number?: string | null;
  description?: string | null;
  status: string;
  assignee?: string | null;
  /** The assignee's id, where the vendor names users by id (JobNimbus owners). */
  assigneeId?: Id | null;
  /** The task's type, where the account defines them (JobNimbus task types: Inspection, Install Day…). */
  type?: string | null;
  /** When it is due (JobNimbus date_start: its place on the calendar). */
  dueAt?: string | null;
  startedAt?: string | null;
  completedAt?: string | null;
}

/** One entry of a record's activity log (JobNimbus activities: notes, status changes, emails…). */
export interface Activity {
  id: Id;
  /** Its type as the vendor names it ("Note", "Status Changed", "Email"…). */
  type: string;
  text: string;
  by?: string | null;
  createdAt?: string | null;
}

/** A file attached to a record (JobNimbus files): what it is, never its content. */
export interface Attachment {
  id: Id;
  filename: string;
  type?: string | null;
  contentType?: string | null;
  sizeBytes?: number | null;
  description?: string | null;
  createdAt?: string | null;
}

/** A cost line on a job (TrackplanFM job costs): materials and labour against a budget. */
export interface JobCost {
  id: Id;
  jobId?: Id | null;
  description?: string | null;
  materials?: number | null;
  labour?: number | null;
  budget?: number | null;
  invoiceNo?: string | null;
  invoiceDate?: string | null;
}

/** A helpdesk's intake record (TrackplanFM job requests): raised by a caller, approved into a job in the application. */
export interface JobRequest {
  id: Id;
  number?: string | null;
  description: string;
  status?: string | null;
  site?: string | null;
  raisedBy?: string | null;
  raisedByEmail?: string | null;
  createdAt?: string | null;
}

/** How much of one stock item a store holds (TrackplanFM stock levels in storage areas). */
export interface StockLevel {
  id: Id;
  storeId?: Id | null;
  storeName?: string | null;
  /** The site (location) the store is at. */
  locationId?: Id | null;
  partNumber?: string | null;
  description?: string | null;
  stockType?: string | null;
  quantity?: number | null;
  minimum?: number | null;
}

export interface Job {
  id: Id;
  /** Human job number where the vendor has one separate from the id (TrackplanFM jobNumber, JobNimbus number). */
  number?: string | null;
  title: string;
  description?: string | null;
  status: string;
  /** The workflow the status belongs to, where statuses are per workflow (JobNimbus record_type_name). */
  workflow?: string | null;
  priority?: string | null;
  customerId?: Id | null;
  customerName?: string | null;
  locationId?: Id | null;
  locationName?: string | null;
  address?: string | null;
  technicianId?: Id | null;
  technicianName?: string | null;
  scheduledStart?: string | null;
  scheduledEnd?: string | null;
  actualStart?: string | null;
  actualEnd?: string | null;
  createdAt?: string | null;
  updatedAt?: string | null;
  assets?: JobAssetLink[];
  tasks?: JobTask[];
  /** Who sold it and where the lead came from (JobNimbus sales_rep, source_name). */
  salesRepId?: Id | null;
  salesRepName?: string | null;
  leadSource?: string | null;
  /** Cost lines, for vendors that keep them per job (JobsApi.listCosts). */
  costs?: JobCost[];
}

export interface Meter {
  id: Id;
  name?: string | null;
  unit?: string | null;
  lastReading?: number | null;
  lastReadingDate?: string | null;
}

export interface Asset {
  id: Id;
  tag?: string | null;
  name: string;
  typeId?: Id | null;
  typeName?: string | null;
  status?: string | null;
  locationId?: Id | null;
  locationName?: string | null;
  assignedTo?: Id | null;
  assignedToName?: string | null;
  serialNumber?: string | null;
  model?: string | null;
  manufacturer?: string | null;
  purchaseDate?: string | null;
  purchaseCost?: number | null;
  warrantyExpiry?: string | null;
  notes?: string | null;
  createdAt?: string | null;
  updatedAt?: string | null;
  meters?: Meter[];
}

export interface ServiceRecord {
  id: Id;
  assetId: Id;
  serviceType: string;
  description?: string | null;
  serviceDate?: string | null;
  technicianId?: Id | null;
  resolutionNotes?: string | null;
  laborHours?: number | null;
  cost?: number | null;
  isWarrantyWork?: boolean | null;
  warrantyClaimNumber?: string | null;
  nextServiceDue?: string | null;
  createdAt?: string | null;
}

export interface MeterReading {
  id?: Id | null;
  assetId: Id;
  meterId: Id;
  value: number;
  date: string;
}

export interface Transfer {
  id?: Id | null;
  assetId: Id;
  fromLocationId?: Id | null;
  toLocationId: Id;
  status?: string | null;
  date?: string | null;
}

export interface Technician {
  id: Id;
  name: string;
  status?: string | null;
  availability?: string | null;
  email?: string | null;
  type?: string | null;
  vehicleType?: string | null;
}

export interface Note {
  id: Id;
  jobId: Id;
  text: string;
  createdAt?: string | null;
}

/** One page of a vendor list, normalised. */
export interface Page<T> {
  items: T[];
  page: number;
  perPage: number;
  total: number;
  totalPages: number;
}
