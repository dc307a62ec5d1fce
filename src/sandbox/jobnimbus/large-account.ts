/**
 * FSM_SANDBOX_SCALE=large for JobNimbus: the vendor-neutral large account (common/large-account.ts) as
 * contacts and jobs of one account (JobNimbus has no asset records), appended after the regular demo data.
 * Each record copies the shape of a seeded one (an open or a closed job, so its status belongs to its
 * workflow) and takes the generated name, phone, address and dates.
 */
import { generateLargeAccount, type LargeAccountSizes } from "../common/large-account.js";
import type { JnRecord, JobNimbusStore } from "./store.js";

const HOUR = 3600;
const DAY = 24 * HOUR;

export function addLargeAccount(store: JobNimbusStore, anchorDate: string, sizes?: LargeAccountSizes): void {
  const anchor = Math.floor(Date.parse(anchorDate) / 1000);
  const account = generateLargeAccount({ sizes });
  const contactTemplate = [...store.contacts.values()].find((c) => c.company) ?? [...store.contacts.values()][0];
  const jobs = [...store.jobs.values()];
  const openTemplate = jobs.find((j) => !j.is_closed && !j.is_lead);
  const closedTemplate = jobs.find((j) => j.is_closed);
  if (!contactTemplate || !openTemplate || !closedTemplate) return;
  const created = anchor - 400 * DAY;

  const contacts = account.customers.map((customer) => {
    const site = customer.sites[0]!;
    const jnid = store.newJnid();
    const record: JnRecord = {
      ...structuredClone(contactTemplate),
      jnid,
      recid: store.nextRecid("contact"),
      number: store.nextNumber("contact"),
      display_name: customer.name,
      company: customer.name,
      first_name: "",
      last_name: "",
      email: customer.email,
      work_phone: customer.phone ?? "",
      home_phone: "",
      mobile_phone: "",
      address_line1: site.street,
      city: site.city,
      state_text: site.state,
      zip: site.zip,
      geo: null,
      date_created: created,
      date_updated: created,
      date_status_change: created,
      task_count: 0,
      attachment_count: 0,
      related: [],
    };
    store.contacts.set(jnid, record);
    return record;
  });

  for (const job of account.jobs) {
    const contact = contacts[job.customer]!;
    const closed = job.stage === "done" || job.stage === "cancelled";
    const template = closed ? closedTemplate : openTemplate;
    const start = anchor + job.startHours * HOUR;
    const jnid = store.newJnid();
    const number = store.nextNumber("job");
    const work = String(template.name ?? "").split(" - ").slice(1).join(" - ") || job.title;
    store.jobs.set(jnid, {
      ...structuredClone(template),
      jnid,
      recid: store.nextRecid("job"),
      number,
      name: `${contact.display_name} - ${work}`,
      description: job.title,
      primary: { id: contact.jnid, name: contact.display_name, number: contact.number, type: "contact" },
      related: [{ id: contact.jnid, name: contact.display_name, number: contact.number, type: "contact" }],
      address_line1: contact.address_line1,
      city: contact.city,
      state_text: contact.state_text,
      zip: contact.zip,
      geo: null,
      date_start: job.stage === "open" ? 0 : start,
      date_end: job.stage === "open" ? 0 : start + job.durationHours * HOUR,
      date_created: Math.min(anchor - HOUR, start - 3 * DAY),
      date_updated: Math.min(anchor - HOUR, start - 2 * DAY),
      date_status_change: Math.min(anchor - HOUR, start - 2 * DAY),
      task_count: 0,
      attachment_count: 0,
    });
  }
}
