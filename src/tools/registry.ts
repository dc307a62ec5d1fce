/** The flat tool registry, in the order tools are listed. Tool name = file name in snake_case. */
import addJobTask from "./catalog/add-job-task.js";
import addCustomerNote from "./catalog/add-customer-note.js";
import addJobNote from "./catalog/add-job-note.js";
import addJobCost from "./catalog/add-job-cost.js";
import createJobRequest from "./catalog/create-job-request.js";
import listJobRequests from "./catalog/list-job-requests.js";
import listStock from "./catalog/list-stock.js";
import updateAsset from "./catalog/update-asset.js";
import updateCustomer from "./catalog/update-customer.js";
import updateLocation from "./catalog/update-location.js";
import updateJobCost from "./catalog/update-job-cost.js";
import updateJobTask from "./catalog/update-job-task.js";
import createAsset from "./catalog/create-asset.js";
import createCustomer from "./catalog/create-customer.js";
import createJob from "./catalog/create-job.js";
import createLocation from "./catalog/create-location.js";
import getAsset from "./catalog/get-asset.js";
import getCustomer from "./catalog/get-customer.js";
import getJob from "./catalog/get-job.js";
import listJobs from "./catalog/list-jobs.js";
import listTechnicians from "./catalog/list-technicians.js";
import logAssetService from "./catalog/log-asset-service.js";
import recordMeterReading from "./catalog/record-meter-reading.js";
import searchAssets from "./catalog/search-assets.js";
import searchCustomers from "./catalog/search-customers.js";
import transferAsset from "./catalog/transfer-asset.js";
import updateAssetStatus from "./catalog/update-asset-status.js";
import updateJob from "./catalog/update-job.js";
import updateJobStatus from "./catalog/update-job-status.js";
import type { ToolSpec } from "./types.js";

export const TOOLS: readonly ToolSpec[] = [
  searchCustomers,
  getCustomer,
  createCustomer,
  updateCustomer,
  addCustomerNote,
  createLocation,
  updateLocation,
  listJobs,
  getJob,
  createJob,
  updateJob,
  updateJobStatus,
  addJobTask,
  updateJobTask,
  addJobNote,
  listJobRequests,
  createJobRequest,
  addJobCost,
  updateJobCost,
  searchAssets,
  getAsset,
  logAssetService,
  updateAssetStatus,
  recordMeterReading,
  transferAsset,
  createAsset,
  updateAsset,
  listStock,
  listTechnicians,
];

export function toolByName(name: string): ToolSpec | undefined {
  return TOOLS.find((t) => t.name === name);
}
