/**
 * Projections: domain objects → the fields a dispatcher needs, ids first, nulls dropped, vendor free text
 * cleaned and truncated. Never a raw vendor payload.
 */
import type { StatusMachine } from "../domain/status-machine.js";
import { allowedNext } from "../domain/status-machine.js";
import type { Activity, Attachment, Asset, Customer, Job, Location, Note, ServiceRecord, Technician, Page } from "../domain/types.js";
import { cleanText } from "./text.js";

export type Format = "concise" | "detailed";

type Out = Record<string, unknown>;

/** Longer than any field a projection truncates on purpose (free text is cut at 500 plus a marker). */
const MAX_FIELD = 1000;

/**
 * Drop null/undefined/empty fields so results stay compact (`keep` names arrays that matter even empty),
 * and clean every string: fields the projections do not treat as free text (emails, phones, statuses,
 * serials…) come from the vendor too.
 */
export function prune<T extends Out>(o: T, keep: readonly string[] = []): T {
  return Object.fromEntries(
    Object.entries(o)
      .map(([k, v]) => [k, typeof v === "string" ? cleanText(v, MAX_FIELD) : v] as const)
      .filter(([k, v]) => v !== undefined && v !== null && v !== "" && !(Array.isArray(v) && v.length === 0 && !keep.includes(k))),
  ) as T;
}

/** An empty allowed_next_statuses is information (a terminal status), so it is kept when a machine is known. */
const KEEP_NEXT = ["allowed_next_statuses"] as const;

export function projectLocation(l: Location, format: Format = "concise"): Out {
  const address = [l.street, l.city, [l.state, l.zip].filter(Boolean).join(" ")].filter(Boolean).join(", ");
  return prune({
    id: l.id,
    name: cleanText(l.name, 120),
    address: address || undefined,
    region: l.region,
    code: l.code,
    primary: l.isPrimary || undefined,
    ...(format === "detailed" ? { customer_id: l.customerId, contact_email: l.contactEmail, notes: cleanText(l.notes), updated_at: l.updatedAt } : {}),
  });
}

export function projectCustomer(c: Customer, format: Format = "concise"): Out {
  return prune({
    id: c.id,
    name: cleanText(c.name, 120),
    company: cleanText(c.company, 120),
    email: c.email,
    phone: c.phone,
    code: c.code,
    region: c.region,
    status: c.status,
    workflow: c.workflow,
    address: cleanText(c.address, 200),
    locations: c.locations?.map((l) => projectLocation(l, format)),
    ...(format === "detailed"
      ? { sla_hours: c.slaHours, tax_exempt: c.taxExempt, created_at: c.createdAt, updated_at: c.updatedAt }
      : {}),
  });
}

export function projectJob(j: Job, format: Format = "concise", machine?: StatusMachine): Out {
  return prune({
    id: j.id,
    number: j.number,
    title: cleanText(j.title, 200),
    status: j.status,
    workflow: j.workflow,
    allowed_next_statuses: machine ? [...allowedNext(machine, j.status)] : undefined,
    priority: j.priority,
    customer_id: j.customerId,
    customer: cleanText(j.customerName, 120),
    location_id: j.locationId,
    location: cleanText(j.locationName, 120),
    address: cleanText(j.address, 200),
    technician_id: j.technicianId,
    technician: cleanText(j.technicianName, 120),
    scheduled_start: j.scheduledStart,
    ...(format === "detailed"
      ? {
          description: cleanText(j.description),
          scheduled_end: j.scheduledEnd,
          actual_start: j.actualStart,
          actual_end: j.actualEnd,
          created_at: j.createdAt,
          updated_at: j.updatedAt,
          sales_rep_id: j.salesRepId,
          sales_rep: cleanText(j.salesRepName, 120),
          lead_source: j.leadSource,
          assets: j.assets?.map((a) =>
            prune({ asset_id: a.assetId, tag: a.tag, name: cleanText(a.name, 120), status: a.status, relationship: a.relationshipType }),
          ),
          tasks: j.tasks?.map((t) =>
            prune({ id: t.id, number: t.number, status: t.status, description: cleanText(t.description, 200), assignee: t.assignee }),
          ),
        }
      : {}),
  }, machine ? KEEP_NEXT : []);
}

export function projectAsset(a: Asset, format: Format = "concise", machine?: StatusMachine): Out {
  return prune({
    id: a.id,
    tag: a.tag,
    name: cleanText(a.name, 200),
    type: a.typeName,
    status: a.status,
    allowed_next_statuses: machine && a.status ? [...allowedNext(machine, a.status)] : undefined,
    location_id: a.locationId,
    location: cleanText(a.locationName, 120),
    serial_number: a.serialNumber,
    ...(format === "detailed"
      ? {
          type_id: a.typeId,
          model: a.model,
          manufacturer: a.manufacturer,
          assigned_to: a.assignedTo,
          assigned_to_name: a.assignedToName,
          purchase_date: a.purchaseDate,
          purchase_cost: a.purchaseCost,
          warranty_expiry: a.warrantyExpiry,
          notes: cleanText(a.notes),
          created_at: a.createdAt,
          updated_at: a.updatedAt,
        }
      : {}),
    meters: a.meters?.map((m) => prune({ id: m.id, name: m.name, unit: m.unit, last_reading: m.lastReading, last_reading_date: m.lastReadingDate })),
  }, machine && a.status ? KEEP_NEXT : []);
}

export function projectServiceRecord(s: ServiceRecord, format: Format = "concise"): Out {
  return prune({
    id: s.id,
    asset_id: s.assetId,
    service_type: s.serviceType,
    service_date: s.serviceDate,
    description: cleanText(s.description, format === "detailed" ? 500 : 160),
    technician_id: s.technicianId,
    ...(format === "detailed"
      ? {
          resolution_notes: cleanText(s.resolutionNotes),
          labor_hours: s.laborHours,
          cost: s.cost,
          is_warranty_work: s.isWarrantyWork,
          warranty_claim_number: s.warrantyClaimNumber,
          next_service_due: s.nextServiceDue,
          created_at: s.createdAt,
        }
      : {}),
  });
}

export function projectActivity(a: Activity): Out {
  return prune({ id: a.id, type: a.type, text: cleanText(a.text, 300), by: cleanText(a.by, 120), created_at: a.createdAt });
}

export function projectAttachment(f: Attachment): Out {
  return prune({ id: f.id, filename: cleanText(f.filename, 200), type: f.type, content_type: f.contentType, size_bytes: f.sizeBytes, description: cleanText(f.description, 200), created_at: f.createdAt });
}

export function projectNote(n: Note): Out {
  return prune({ id: n.id, job_id: n.jobId, text: cleanText(n.text), created_at: n.createdAt });
}

export function projectTechnician(t: Technician): Out {
  return prune({ id: t.id, name: cleanText(t.name, 120), status: t.status, availability: t.availability, email: t.email, type: t.type, vehicle: t.vehicleType });
}

/** List envelope with totals and the exact arguments for the next page. */
export function listResult<T>(page: Page<T>, project: (t: T) => Out, args: Record<string, unknown>): Out {
  const shownSoFar = (page.page - 1) * page.perPage + page.items.length;
  const remaining = Math.max(0, page.total - shownSoFar);
  const hasNext = page.page < page.totalPages && remaining > 0;
  return {
    items: page.items.map(project),
    total: page.total,
    remaining,
    next_page: hasNext ? { ...args, page: page.page + 1 } : null,
  };
}
