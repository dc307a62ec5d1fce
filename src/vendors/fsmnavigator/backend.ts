import type { Backend, CallContext, VendorProfile } from "../../domain/backend.js";
import type { Id, Location } from "../../domain/types.js";
import { withReadBack } from "../../domain/write-operation.js";
import { HttpClient } from "../../http/client.js";
import type { HttpClientOptions } from "../../http/types.js";
import { FsmNavigatorClient } from "./client.js";
import * as facts from "./facts.js";
import { fsmNavigatorDialect } from "./normalize.js";

export interface FsmNavigatorBackendOptions extends Omit<HttpClientOptions, "baseUrl" | "dialect" | "auth"> {
  /** Vendor origin, e.g. https://fsmnavigator.com or the sandbox's http://127.0.0.1:PORT. */
  origin: string;
  apiKey: string;
  sandbox?: boolean;
}

export function fsmNavigatorProfile(sandbox: boolean): VendorProfile {
  return {
    vendor: facts.VENDOR,
    displayName: facts.DISPLAY_NAME,
    sandbox,
    idKind: "integer",
    customerNoun: "customer",
    jobMachine: facts.JOB_MACHINE,
    assetMachine: facts.ASSET_MACHINE,
    priorities: facts.PRIORITIES,
    defaultPriority: facts.DEFAULT_PRIORITY,
    serviceTypes: facts.SERVICE_TYPES,
    relationshipTypes: facts.RELATIONSHIP_TYPES,
    unknownAssetIds: facts.UNKNOWN_ASSET_IDS,
    assetCreateStatuses: facts.ASSET_CREATE_STATUSES,
    customerUpdateFields: facts.CUSTOMER_UPDATE_FIELDS,
    phoneFormat: facts.PHONE_FORMAT,
    technicianStatuses: facts.TECHNICIAN_STATUSES,
    availabilityStatuses: facts.AVAILABILITY_STATUSES,
    maxPageSize: facts.PER_PAGE_MAX,
    scopes: {
      catalog: facts.SCOPES,
      descriptions: facts.SCOPE_DESCRIPTIONS,
      byTool: Object.fromEntries(Object.keys(facts.TOOL_ENDPOINTS).map((t) => [t, facts.scopesForTool(t)])),
    },
    unsupported: {},
  };
}

/** The API client over its own HTTP core (pool, X-API-Key auth, dialect): what the backend and the contract tests use. */
export function createFsmNavigatorClient(opts: Omit<FsmNavigatorBackendOptions, "sandbox">): FsmNavigatorClient {
  const { origin, apiKey, ...httpOptions } = opts;
  const http = new HttpClient({
    ...httpOptions,
    rateLimit: { rollingWindow: facts.RATE_LIMIT_ROLLING_WINDOW, ...httpOptions.rateLimit },
    baseUrl: new URL(facts.API_PREFIX, origin).href,
    dialect: fsmNavigatorDialect,
    auth: {
      apply: (headers) => {
        headers[facts.AUTH_HEADER] = apiKey;
      },
      secrets: () => [apiKey],
    },
  });
  return new FsmNavigatorClient(http);
}

export function createFsmNavigatorBackend(opts: FsmNavigatorBackendOptions): Backend {
  const { sandbox = false, ...clientOptions } = opts;
  const c = createFsmNavigatorClient(clientOptions);
  const http = c.http;
  return {
    profile: fsmNavigatorProfile(sandbox),
    customers: {
      search: (q) => c.searchCustomers(q),
      get: (id, o) => c.getCustomer(id, o),
      create: async (input) => c.createCustomer(input),
      listLocations: (id, q) => c.listLocations(id, q),
      createLocation: async (input) => c.createLocation(input),
      // Updates answer with the record read back (the PUT's answer is partial; facts.PUT_SENDS says why it matters).
      update: async (customer, input) => withReadBack(c.updateCustomer(customer.id, input), customer, (ctx) => c.getCustomer(customer.id, ctx)),
      updateLocation: async (location, input) => {
        const customerId = location.customerId!;
        return withReadBack(c.updateLocation(customerId, location.id, input), location, async (ctx) => {
          const found = await findLocation(c, customerId, location.id, ctx);
          if (!found) throw new Error(`location ${location.id} not in customer ${customerId}'s list`);
          return found;
        });
      },
      findLocation: (customerId, locationId, ctx) => findLocation(c, customerId, locationId, ctx),
      locationExists: (id, ctx) => locationExists(c, id, ctx),
    },
    jobs: {
      list: (q) => c.listJobs(q),
      get: (id, ctx) => c.getJob(id, ctx),
      create: async (input) => c.createJob(input),
      update: async (id, input) => c.updateJob(id, input),
      changeStatus: async (job, input) => c.changeJobStatus(job, input.status),
      machineFor: () => facts.JOB_MACHINE,
    },
    assets: {
      search: (q) => c.searchAssets(q),
      get: (id, ctx) => c.getAsset(id, ctx),
      serviceHistory: (id, q) => c.serviceHistory(id, q),
      create: async (input) => c.createAsset(input),
      update: async (asset, input) => withReadBack(c.updateAsset(asset.id, input), asset, (ctx) => c.getAsset(asset.id, ctx)),
      changeStatus: async (asset, status) => c.changeAssetStatus(asset, status),
      logService: async (assetId, input) => c.logService(assetId, input),
      recordMeterReading: async (assetId, input) => c.recordMeterReading(assetId, input),
      transfer: async (assetId, input) => c.transferAsset(await c.getAsset(assetId), input),
    },
    technicians: {
      list: (q) => c.listTechnicians(q),
      get: (id, ctx) => c.getTechnician(id, ctx),
    },
    close: () => http.close(),
  };
}

/**
 * FSM Navigator reads locations only per customer (GET /customers?id=&locations=1), never by location id, so a
 * location id alone cannot be proven absent. A job or an asset at it proves it exists (the API has no location
 * delete); finding neither leaves it unknown, and the vendor checks it when the write is sent.
 */
async function locationExists(c: FsmNavigatorClient, id: Id, ctx: CallContext = {}): Promise<boolean | string> {
  const [jobs, assets] = await Promise.allSettled([
    c.listJobs({ locationId: id, perPage: 1, signal: ctx.signal }),
    c.searchAssets({ locationId: id, perPage: 1, signal: ctx.signal }),
  ]);
  ctx.signal?.throwIfAborted();
  if ([jobs, assets].some((r) => r.status === "fulfilled" && r.value.items.length > 0)) return true;
  return "FSM Navigator cannot read a location by id, and no job or asset there proves it";
}

/** One of a customer's locations: the API reads locations only as the customer's list (GET …&locations=1). */
async function findLocation(c: FsmNavigatorClient, customerId: Id, locationId: Id, ctx: CallContext = {}): Promise<Location | undefined> {
  for (let page = 1; ; page++) {
    const res = await c.listLocations(customerId, { page, perPage: facts.PER_PAGE_MAX, signal: ctx.signal });
    const found = res.items.find((l) => l.id === locationId);
    if (found) return { ...found, customerId: found.customerId ?? customerId };
    if (page >= res.totalPages || res.items.length === 0) return undefined;
  }
}
