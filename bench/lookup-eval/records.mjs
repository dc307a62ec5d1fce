/**
 * The labelled evaluation names its targets by what a person would recognise (a customer's name, an asset's
 * name at a customer, a job's title), never by id: ids and serials move when a seed changes, names are what
 * the phrasings talk about. These functions flatten one vendor sandbox's store into plain rows with the same
 * field names on every vendor, and resolve a target spec to the one row it means and the id the tools show.
 *
 * Used by bench/lookup.mjs (the store of the sandbox the server talks to) and by the vitest check of the
 * data (test/unit/lookup-eval-data.test.ts), so the set cannot rot unnoticed.
 */

const firstLine = (text) => String(text ?? "").split("\n")[0];

/** FSM Navigator store (src/sandbox/fsmnavigator/store.ts) → rows. Tool ids are the numeric vendor ids. */
export function fsmnavigatorRows(store, _anchorDate) {
  const types = new Map([...store.assetTypes.values()].map((t) => [t.asset_type_id, t.asset_type_name]));
  const customers = store.customers;
  const locations = store.locations;
  const technicians = store.technicians;
  const asset = [...store.assets.values()].map((a) => {
    const location = a.location_id === null ? undefined : locations.get(a.location_id);
    const customer = location ? customers.get(location.customer_id) : undefined;
    return {
      id: a.asset_id,
      name: a.asset_name,
      type: types.get(a.asset_type_id),
      make: a.manufacturer,
      model: a.model,
      serial: a.serial_number,
      tag: a.asset_tag,
      status: a.status,
      site: location?.location_name,
      customer: customer?.customer_name,
      city: location?.city,
      street: location?.street,
    };
  });
  const customer = [...customers.values()].map((c) => ({ id: c.customer_id, name: c.customer_name, phone: c.customer_phone, email: c.customer_email }));
  const job = [...store.jobs.values()].map((j) => {
    const location = locations.get(j.customer_location_id);
    const tech = j.assigned_technician_id === null ? undefined : technicians.get(j.assigned_technician_id);
    return {
      id: j.job_id,
      title: j.job_title,
      status: j.job_status,
      customer: location ? customers.get(location.customer_id)?.customer_name : undefined,
      site: location?.location_name,
      technician: tech ? `${tech.first_name} ${tech.last_name}` : undefined,
    };
  });
  return { asset, customer, job };
}

const DAY_MS = 86_400_000;

/**
 * TrackplanFM store → rows. Sites stand for customers (search_customers finds sites); ids are GUIDs.
 * `createdDaysAgo` (1 = yesterday) is counted from the anchor the sandbox was seeded with, the start of today.
 */
export function trackplanfmRows(store, anchorDate) {
  const anchor = Date.parse(anchorDate);
  const asset = store.all("assets").map((a) => ({
    id: a.guid,
    name: a.description,
    type: a.assetClass,
    make: a.manufacturer,
    model: a.model,
    serial: a.serialNumber,
    tag: String(a.assetId),
    site: a.siteName,
    customer: a.siteName,
    area: a.location,
  }));
  const customer = store.all("sites").map((s) => ({ id: s.guid, name: s.name, code: String(s.code), town: s.town, region: s.region, postcode: s.postcode }));
  const job = store.all("jobs").map((j) => ({
    id: j.guid,
    number: String(j.jobNumber),
    title: firstLine(j.jobDetails),
    status: j.jobStatus,
    site: j.siteName,
    customer: j.siteName,
    createdDaysAgo: Math.ceil((anchor - Date.parse(j.createdDate)) / DAY_MS),
  }));
  return { asset, customer, job };
}

/** JobNimbus store (one account) → rows. Contacts are the customers; no assets; ids are jnids. */
export function jobnimbusRows(store, _anchorDate) {
  const customer = [...store.contacts.values()].map((c) => ({
    id: c.jnid,
    name: c.display_name,
    company: c.company || undefined,
    phone: c.work_phone || c.mobile_phone || c.home_phone || undefined,
    email: c.email,
    city: c.city,
    street: c.address_line1,
    status: c.status_name,
  }));
  const job = [...store.jobs.values()].map((j) => ({
    id: j.jnid,
    number: j.number,
    title: j.name,
    status: j.status_name,
    workflow: j.record_type_name,
    customer: j.primary?.name,
    city: j.city,
    street: j.address_line1,
  }));
  return { asset: [], customer, job };
}

export const ROWS = { fsmnavigator: fsmnavigatorRows, trackplanfm: trackplanfmRows, jobnimbus: jobnimbusRows };

/** The tool each kind of phrase goes to. */
export const TOOL_OF = { asset: "search_assets", customer: "search_customers", job: "list_jobs" };

/**
 * The row a target spec means: every field of the spec equal to the row's. Returns {row} when exactly one
 * row matches, otherwise {error} saying how many did (a phrase whose target is gone or ambiguous is a
 * defect of the data, reported as such rather than scored).
 */
export function resolveTarget(rows, kind, spec) {
  const candidates = rows[kind] ?? [];
  const matches = candidates.filter((row) => Object.entries(spec).every(([field, value]) => row[field] === value));
  if (matches.length === 1) return { row: matches[0] };
  return { error: `${kind} ${JSON.stringify(spec)} matches ${matches.length} records` };
}

/** A phrasing may quote its target's serial, tag or model: "{serial}" is filled from the resolved row. */
export function fillPhrase(phrase, row) {
  return phrase.replace(/\{(\w+)\}/g, (whole, field) => (row && row[field] != null ? String(row[field]) : whole));
}

/** Every case of a vendor's set resolved: {case, phrase, targetId} or {case, error}. */
export function resolveCases(cases, rows) {
  return cases.map((c) => {
    if (c.target === null) return { case: c, phrase: c.phrase, targetId: null };
    const { row, error } = resolveTarget(rows, c.kind, c.target);
    if (error) return { case: c, phrase: c.phrase, error };
    return { case: c, phrase: fillPhrase(c.phrase, row), targetId: row.id };
  });
}
