/** Customers and their locations (public-facts §1.7, seed 000's chaining examples). */
import { FieldErrors } from "../../common/validate.js";
import { ApiError } from "../errors.js";
import {
  CUSTOMER_CREATE,
  CUSTOMER_FILTERS,
  CUSTOMER_UPDATE,
  GET_CUSTOMER_OPTIONS,
  LOCATION_CREATE,
  LOCATION_UPDATE,
  PAGING,
} from "../schemas.js";
import type { FsmNavigatorStore } from "../store.js";
import type { CustomerRecord, LocationRecord } from "../types.js";
import { customerView, locationView } from "../views.js";
import { defineOperation, idOf, listPage, written, requireRecord, requireSomeField, throwIfInvalid, withinRange } from "../operation.js";

const listCustomers = defineOperation({
  resource: "customer",
  shape: "list",
  query: CUSTOMER_FILTERS,
  handle({ store, query }) {
    const created = withinRange(query.created_after, query.created_before);
    const withLocations = new Set([...store.locations.values()].map((location) => location.customer_id));
    const matchesSearch = searchMatcher(query.search);
    const customers = [...store.customers.values()]
      .filter(
        (customer) =>
          matchesSearch(customer) &&
          created(customer.created_at) &&
          (query.has_locations === undefined || withLocations.has(customer.customer_id) === (query.has_locations === "1")),
      )
      .sort((a, b) => a.customer_id - b.customer_id);
    return listPage("customer", customers, query, customerView);
  },
});

const getCustomer = defineOperation({
  resource: "customer",
  shape: "item",
  query: GET_CUSTOMER_OPTIONS,
  handle(ctx) {
    const customer = requireRecord(ctx.store.customers, idOf(ctx), "Customer");
    const item = customerView(customer);
    if (ctx.query.include === "locations") item.locations = sortedLocations(ctx.store, customer.customer_id).map(locationView);
    return { shape: "item", resource: "customer", item };
  },
});

const createCustomer = defineOperation({
  resource: "customer",
  shape: "write",
  successStatus: 201,
  body: CUSTOMER_CREATE,
  handle({ store, clock, body }) {
    const errors = new FieldErrors();
    const email = oneSpelling(errors, "email", body.contact_email, body.customer_email);
    const phone = oneSpelling(errors, "phone", body.contact_phone, body.customer_phone);
    throwIfInvalid(errors);
    const now = clock.tick();
    const customer: CustomerRecord = {
      customer_id: store.nextId("customer"),
      customer_name: body.customer_name,
      customer_email: email ?? null,
      customer_phone: phone ?? null,
      default_sla_hours: body.default_sla_hours ?? null,
      tax_exempt: body.tax_exempt ?? false,
      tax_exemption_reason: body.tax_exemption_reason ?? null,
      created_at: now,
      updated_at: now,
    };
    store.customers.set(customer.customer_id, customer);
    const view = customerView(customer);
    return written("customer", "Customer created successfully", view, ["customer_id", "customer_name", "customer_email", "customer_phone", "created_at"]);
  },
});

const updateCustomer = defineOperation({
  resource: "customer",
  shape: "write",
  body: CUSTOMER_UPDATE,
  handle(ctx) {
    const { store, clock, body } = ctx;
    const customer = requireRecord(store.customers, idOf(ctx), "Customer");
    requireSomeField(body, CUSTOMER_UPDATE);
    const errors = new FieldErrors();
    const email = oneSpelling(errors, "email", body.contact_email, body.customer_email);
    const phone = oneSpelling(errors, "phone", body.contact_phone, body.customer_phone);
    throwIfInvalid(errors);
    if (body.customer_name !== undefined) customer.customer_name = body.customer_name;
    if (email !== undefined) customer.customer_email = email;
    if (phone !== undefined) customer.customer_phone = phone;
    if (body.default_sla_hours !== undefined) customer.default_sla_hours = body.default_sla_hours;
    if (body.tax_exempt !== undefined) customer.tax_exempt = body.tax_exempt;
    if (body.tax_exemption_reason !== undefined) customer.tax_exemption_reason = body.tax_exemption_reason;
    customer.updated_at = clock.tick();
    const view = customerView(customer);
    return written("customer", "Customer updated successfully", view, ["customer_id", "customer_name", "updated_at"]);
  },
});

const listLocations = defineOperation({
  resource: "location",
  shape: "list",
  // [I] Paging as on every other list.
  query: PAGING,
  handle(ctx) {
    const customer = requireRecord(ctx.store.customers, idOf(ctx), "Customer");
    return listPage("location", sortedLocations(ctx.store, customer.customer_id), ctx.query, locationView);
  },
});

const createLocation = defineOperation({
  resource: "location",
  shape: "write",
  successStatus: 201,
  body: LOCATION_CREATE,
  handle(ctx) {
    const { store, clock, body } = ctx;
    const customer = requireRecord(store.customers, idOf(ctx), "Customer");
    const now = clock.tick();
    const siblings = store.locationsOf(customer.customer_id);
    // [I] A customer's first location is its primary one.
    const primary = body.is_primary ?? siblings.length === 0;
    if (primary) demotePrimary(siblings, now);
    const location: LocationRecord = {
      location_id: store.nextId("location"),
      customer_id: customer.customer_id,
      location_name: body.location_name,
      street: body.street,
      city: body.city,
      state: body.state,
      zip: body.zip,
      contact_email: body.contact_email !== undefined ? body.contact_email : customer.customer_email,
      notes: body.notes ?? null,
      is_primary: primary,
      latitude: null,
      longitude: null,
      created_at: now,
      updated_at: now,
    };
    store.locations.set(location.location_id, location);
    const view = locationView(location);
    return written("location", "Location created successfully", view, ["location_id", "customer_id", "location_name", "created_at"]);
  },
});

const updateLocation = defineOperation({
  resource: "location",
  shape: "write",
  body: LOCATION_UPDATE,
  handle(ctx) {
    const { store, clock, body } = ctx;
    const customer = requireRecord(store.customers, idOf(ctx), "Customer");
    const locationId = idOf(ctx, "location_id");
    const location = store.locations.get(locationId);
    if (!location || location.customer_id !== customer.customer_id) {
      throw new ApiError("not_found", `Location ${locationId} not found for customer ${customer.customer_id}`);
    }
    requireSomeField(body, LOCATION_UPDATE);
    const now = clock.tick();
    if (body.location_name !== undefined) location.location_name = body.location_name;
    if (body.street !== undefined) location.street = body.street;
    if (body.city !== undefined) location.city = body.city;
    if (body.state !== undefined) location.state = body.state;
    if (body.zip !== undefined) location.zip = body.zip;
    if (body.contact_email !== undefined) location.contact_email = body.contact_email;
    if (body.notes !== undefined) location.notes = body.notes;
    if (body.is_primary === true && !location.is_primary) {
      demotePrimary(store.locationsOf(customer.customer_id), now);
      location.is_primary = true;
    }
    location.updated_at = now;
    const view = locationView(location);
    return written("location", "Location updated successfully", view, ["location_id", "customer_id", "location_name", "updated_at"]);
  },
});

export const CUSTOMER_OPERATIONS = { listCustomers, getCustomer, createCustomer, updateCustomer, listLocations, createLocation, updateLocation };

/** Primary first, then by id. */
function sortedLocations(store: FsmNavigatorStore, customerId: number): LocationRecord[] {
  return store.locationsOf(customerId).sort((a, b) => Number(b.is_primary) - Number(a.is_primary) || a.location_id - b.location_id);
}

function demotePrimary(locations: readonly LocationRecord[], now: string): void {
  for (const location of locations) {
    if (!location.is_primary) continue;
    location.is_primary = false;
    location.updated_at = now;
  }
}

/**
 * Seed 000 creates customers with contact_email / contact_phone; the customer object says customer_email /
 * customer_phone. Either spelling is accepted; both with different values is refused rather than guessed.
 */
function oneSpelling(errors: FieldErrors, what: "email" | "phone", contact: string | null | undefined, customer: string | null | undefined): string | null | undefined {
  if (contact !== undefined && customer !== undefined && contact !== customer) {
    errors.add(`contact_${what}`, `contact_${what} and customer_${what} are two spellings of one field and disagree; send one`);
  }
  return customer !== undefined ? customer : contact;
}

/** Case-insensitive substring on name, email or phone; phone also matches on digits alone ("555-0142"). */
function searchMatcher(search: string | undefined): (customer: CustomerRecord) => boolean {
  if (search === undefined || search.trim() === "") return () => true;
  const needle = search.trim().toLowerCase();
  const digits = needle.replace(/\D/g, "");
  return (customer) =>
    customer.customer_name.toLowerCase().includes(needle) ||
    (customer.customer_email?.toLowerCase().includes(needle) ?? false) ||
    (customer.customer_phone?.includes(needle) ?? false) ||
    (digits.length >= 4 && (customer.customer_phone?.replace(/\D/g, "").includes(digits) ?? false));
}
