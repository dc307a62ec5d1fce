/** Technicians API (public-facts §1.8): read-only. */
import { PER_PAGE_DEFAULT } from "../../../vendors/fsmnavigator/facts.js";
import { paginate } from "../envelopes.js";
import { TECHNICIAN_FILTERS } from "../schemas.js";
import { technicianView } from "../views.js";
import { defineOperation, idOf, requireRecord } from "../operation.js";

const listTechnicians = defineOperation({
  resource: "technician",
  shape: "list",
  query: TECHNICIAN_FILTERS,
  handle({ store, query }) {
    const technicians = [...store.technicians.values()]
      .filter(
        (technician) =>
          (query.status === undefined || technician.status === query.status) &&
          (query.availability_status === undefined || technician.availability_status === query.availability_status),
      )
      .sort((a, b) => a.technician_id - b.technician_id);
    const page = paginate(technicians, query.page ?? 1, query.per_page ?? PER_PAGE_DEFAULT);
    return { shape: "list", resource: "technician", items: page.items.map((t) => technicianView(t, false)), pagination: page.pagination };
  },
});

const getTechnician = defineOperation({
  resource: "technician",
  shape: "item",
  handle(ctx) {
    const technician = requireRecord(ctx.store.technicians, idOf(ctx), "Technician");
    return { shape: "item", resource: "technician", item: technicianView(technician, true) };
  },
});

export const TECHNICIAN_OPERATIONS = { listTechnicians, getTechnician };
