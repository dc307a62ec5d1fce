/** Technicians API (public-facts §1.8): read-only. */
import { TECHNICIAN_FILTERS } from "../schemas.js";
import { technicianView } from "../views.js";
import { defineOperation, idOf, listPage, requireRecord } from "../operation.js";

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
    return listPage("technician", technicians, query, (technician) => technicianView(technician, false));
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
