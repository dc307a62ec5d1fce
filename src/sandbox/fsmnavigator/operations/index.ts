/** Every ENDPOINTS entry's implementation; the type makes a missing one a compile error. */
import type { EndpointName } from "../../../vendors/fsmnavigator/facts.js";
import type { Operation } from "../operation.js";
import { ASSET_OPERATIONS } from "./assets.js";
import { CUSTOMER_OPERATIONS } from "./customers.js";
import { JOB_OPERATIONS } from "./jobs.js";
import { TECHNICIAN_OPERATIONS } from "./technicians.js";

export const OPERATIONS: Readonly<Record<EndpointName, Operation>> = {
  ...JOB_OPERATIONS,
  ...CUSTOMER_OPERATIONS,
  ...ASSET_OPERATIONS,
  ...TECHNICIAN_OPERATIONS,
};
