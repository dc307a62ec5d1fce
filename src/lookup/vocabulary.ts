/**
 * The words dispatchers use, as data: trade words and their abbreviations, filler, ordinals, status words and
 * time words. The phrase parser (parse.ts) reads only this file for vocabulary, so a new abbreviation is one
 * line here (and a line in test/unit/lookup-vocabulary.test.ts). Everything is lower case.
 *
 * Status words name candidate statuses in the vendors' own spelling; the parser keeps only those the vendor's
 * status machine has (src/vendors/<vendor>/facts.ts, through the profile), so "missing" means Lost on FSM
 * Navigator and nothing at all on a vendor without a Lost status.
 */

/**
 * Equivalent names of one kind of equipment. A phrase naming any of them matches a record naming any of
 * them (in its name, type, model or notes); the first is the canonical name shown in explanations.
 */
export const TRADE_SYNONYMS: readonly (readonly string[])[] = [
  ["rooftop unit", "rtu", "roof top unit", "rooftop", "roof unit", "packaged unit"],
  ["air handler", "ahu", "air handling unit", "air handling", "air handler unit"],
  ["air conditioner", "ac", "a/c", "air conditioning", "split system", "split", "cooling unit", "hvac"],
  ["heat pump", "heatpump"],
  ["fan coil", "fcu", "fan coil unit"],
  ["generator", "genset", "gen set", "standby generator", "emergency generator", "gen", "genny", "genie"],
  ["water heater", "hot water heater", "hwh", "hot water tank", "calorifier", "hot water cylinder"],
  ["fire alarm panel", "facp", "fire panel", "fire alarm control panel", "alarm panel", "fire alarm"],
  ["printer", "mfp", "copier", "multifunction printer", "multi-function printer", "multi function printer"],
  ["walk-in cooler", "walk in cooler", "walkin cooler", "cooler", "cold room", "chiller box"],
  ["walk-in freezer", "walk in freezer", "walkin freezer", "freezer"],
  ["walk-in", "walk in", "walkin"],
  ["refrigerator", "fridge", "reach-in", "reach in", "refrigerated display case", "display case", "merchandiser"],
  ["boiler", "boilers"],
  ["chiller", "chillers"],
  ["ice machine", "ice maker", "icemaker"],
  ["elevator", "lift", "passenger lift", "freight elevator"],
  ["exhaust hood", "kitchen hood", "hood", "kitchen exhaust hood", "exhaust fan"],
  ["sprinkler system", "sprinkler", "sprinklers", "fire sprinkler"],
  ["backflow preventer", "backflow", "rpz", "backflow valve"],
  ["air compressor", "compressor"],
  ["emergency lighting", "emergency light", "emergency lights", "exit sign", "exit signs"],
  ["electrical panel", "panelboard", "switchboard", "breaker panel", "distribution board"],
  ["cctv camera", "cctv", "security camera", "camera"],
  ["access control reader", "access control", "card reader", "badge reader", "door reader"],
];

/** Words that carry no meaning in a lookup ("the", "please", "unit" alone). */
export const FILLER_WORDS: ReadonlySet<string> = new Set([
  "a", "an", "the", "at", "for", "of", "in", "on", "to", "from", "by", "with", "and", "or", "&", "+", "near", "over",
  "please", "pls", "find", "show", "me", "get", "give", "look", "lookup", "up", "search", "list", "pull", "bring",
  "where", "what", "which", "who", "is", "are", "was", "were", "be", "been", "has", "have", "had", "went", "gone", "go",
  "i", "we", "you", "my", "our", "their", "its", "it", "that", "those", "these", "there", "here", "one", "ones", "thing",
  "unit", "units", "equipment", "asset", "assets", "machine", "job", "jobs", "work", "order", "orders", "ticket",
  "tickets", "customer", "customers", "client", "clients", "contact", "contacts", "account", "site", "sites",
  "location", "locations", "place", "all", "any", "some", "need", "needs", "want", "check", "about", "s", "currently",
  "now", "still", "just", "again", "see", "can", "could", "you", "they", "them", "status",
  // "Paws n Claws": the spoken "and".
  "n",
  // Markers before a code ("serial CAR-50XC-903377", "tag AST-12"): the code itself is what is compared.
  "serial", "sn", "s/n", "tag", "id",
  // Titles before a person's name ("Mr Hughes").
  "mr", "mrs", "ms", "mx", "miss", "sir",
  // Verbs of recording a job ("jobs raised yesterday"): the time word carries the meaning.
  "raised", "created", "opened", "reported", "put", "entered",
]);

/** Ordinal words and their numbers ("second" → 2; "2nd" is read by pattern). */
export const ORDINAL_WORDS: Readonly<Record<string, number>> = {
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10,
};

/** Numbers said as words after a unit or floor word ("level three", "unit two"); alone they are filler. */
export const NUMBER_WORDS: Readonly<Record<string, number>> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
};

/** Words that introduce a unit number: "unit 2", "no. 2", "number 2", "#2". */
export const NUMBER_MARKERS: ReadonlySet<string> = new Set(["unit", "no", "number", "num", "nr", "#"]);

/** Words of a floor or level; "2nd floor" / "second floor" / "floor 2" all become "2nd floor". */
export const FLOOR_WORDS: ReadonlySet<string> = new Set(["floor", "fl", "level", "storey", "story"]);

/** Places in a building that are their own words (matched against names, notes and locations). */
export const PLACE_SYNONYMS: readonly (readonly string[])[] = [
  ["basement", "cellar", "lower level", "basement plant room", "downstairs", "lower ground"],
  ["roof", "on the roof", "up top"],
  ["mechanical room", "mech room", "plant room", "boiler room"],
  ["ground floor", "1st floor", "first floor"],
];

/**
 * Words of names and addresses written more than one way ("Saint"/"St", "Centre"/"Center", "Company"/"Co.",
 * "DC"/"distribution center"): a phrase saying any of them matches a record saying any other.
 */
export const NAME_SYNONYMS: readonly (readonly string[])[] = [
  ["st", "saint", "street"],
  ["center", "centre", "ctr"],
  ["company", "co"],
  ["association", "assn", "assoc"],
  ["hoa", "homeowners association", "home owners association", "homeowners assn", "owners association"],
  ["dc", "distribution center", "distribution centre"],
  ["hq", "headquarters", "head office"],
  ["school", "academy"],
  ["ave", "avenue"],
  ["rd", "road"],
  ["blvd", "boulevard"],
  ["lost", "missing"],
];

/**
 * Spoken forms of status phrases, rewritten before the phrase is read, so each status phrase below is listed once:
 * "waiting for approval" reads as "awaiting approval", "needing approval" as "needs approval".
 */
export const PHRASE_REWRITES: ReadonlyArray<readonly [string, string]> = [
  ["waiting for", "awaiting"],
  ["waiting on", "awaiting"],
  ["needing", "needs"],
  ["requiring", "needs"],
  ["require", "needs"],
];

export interface StatusWord {
  /** The words as a dispatcher says them. */
  readonly phrases: readonly string[];
  /** Candidate statuses in vendors' spelling; only those the vendor has are used. */
  readonly statuses: readonly string[];
  /** "open": every status of the vendor's machine that does not close a record (computed, `statuses` unused). */
  readonly open?: boolean;
}

/** Status words for equipment. */
export const ASSET_STATUS_WORDS: readonly StatusWord[] = [
  { phrases: ["missing", "lost", "stolen", "cant find", "cannot find", "can't find", "went missing", "gone missing", "misplaced"], statuses: ["Lost", "Missing"] },
  { phrases: ["in the shop", "in shop", "in for repair", "being repaired", "under repair", "in repair", "in maintenance", "being serviced", "under maintenance", "getting fixed"], statuses: ["In Maintenance", "Under Repair", "In Repair", "Maintenance"] },
  { phrases: ["not in use", "unused", "idle", "sitting idle", "spare", "not used", "inactive"], statuses: ["Idle", "Inactive", "Spare"] },
  { phrases: ["out of service", "broken", "not working", "down", "faulty", "out of order"], statuses: ["Out of Service", "In Maintenance", "Non-Compliant"] },
  { phrases: ["retired", "end of life", "eol"], statuses: ["Retired"] },
  { phrases: ["decommissioned", "scrapped", "removed", "disposed"], statuses: ["Decommissioned", "Disposed"] },
  { phrases: ["in transit", "being moved", "on the truck", "in-transit"], statuses: ["In Transit"] },
  { phrases: ["not installed", "awaiting install", "pending install", "to be installed", "not yet installed", "awaiting installation", "waiting to be installed", "awaiting to be installed"], statuses: ["Pending Install"] },
  { phrases: ["non compliant", "non-compliant", "noncompliant", "failed inspection", "out of compliance", "not compliant"], statuses: ["Non-Compliant"] },
  { phrases: ["in use", "working", "running", "active", "in service", "operational"], statuses: ["Active", "In Service", "Operational"] },
];

/** Status words for jobs (and JobNimbus contacts, whose statuses are workflow statuses too). */
export const JOB_STATUS_WORDS: readonly StatusWord[] = [
  { phrases: ["open", "outstanding", "not done", "unfinished", "pending work", "not closed", "active"], statuses: [], open: true },
  { phrases: ["done", "finished", "completed", "complete", "closed out"], statuses: ["Completed", "Complete", "Resource Confirmed Complete", "Closed"] },
  { phrases: ["on hold", "paused", "waiting", "awaiting", "waiting on parts", "awaiting parts"], statuses: ["On Hold", "Awaiting Parts"] },
  { phrases: ["unassigned", "not assigned", "not started", "logged", "unscheduled", "not scheduled"], statuses: ["Pending", "Logged", "Lead"] },
  { phrases: ["scheduled", "booked", "assigned", "dispatched", "instructed"], statuses: ["Assigned", "Instructed", "Install Scheduled", "Build Scheduled", "Inspection Scheduled"] },
  { phrases: ["in progress", "ongoing", "started", "underway", "under way", "being worked", "in production"], statuses: ["In Progress", "In Production"] },
  { phrases: ["cancelled", "canceled", "called off"], statuses: ["Cancelled", "Canceled"] },
  { phrases: ["invoiced", "billed"], statuses: ["Invoiced"] },
  { phrases: ["paid", "paid up"], statuses: ["Paid", "Closed - Paid"] },
  { phrases: ["needs approval", "requires auth", "awaiting approval", "needs authorisation", "needs authorization", "awaiting authorisation", "awaiting authorization", "needs auth", "awaiting auth"], statuses: ["Requires Auth"] },
];

/** Statuses that close a job on any vendor, beyond its machine's terminal ones ("open" excludes them). */
export const CLOSED_JOB_STATUSES: readonly string[] = [
  "Completed", "Complete", "Resource Confirmed Complete", "Invoiced", "Paid", "Closed", "Closed - Paid", "Cancelled", "Canceled", "Lost", "Not Awarded", "Claim Denied",
];

export type TimeWord = "today" | "yesterday" | "tomorrow" | "this week" | "last week" | "next week" | "this month" | "last month" | "recent" | "upcoming" | "overdue";

/** Time words for jobs, by their meaning. */
export const TIME_WORDS: Readonly<Record<string, TimeWord>> = {
  today: "today",
  tonight: "today",
  yesterday: "yesterday",
  tomorrow: "tomorrow",
  "this week": "this week",
  "this wk": "this week",
  "last week": "last week",
  "past week": "recent",
  "next week": "next week",
  "this month": "this month",
  "last month": "last month",
  recent: "recent",
  recently: "recent",
  "lately": "recent",
  upcoming: "upcoming",
  "coming up": "upcoming",
  overdue: "overdue",
  "past due": "overdue",
  late: "overdue",
  "behind schedule": "overdue",
};

/**
 * Endings cut from a word that matched nothing, to find its other forms by their common beginning
 * ("descaling" → descal…: descale; "brewery" → brew…: brewing; "warehouse" → warehous…: warehousing).
 * Longest first; the stem left must keep at least MIN_ROOT letters.
 */
export const WORD_ENDINGS: readonly string[] = ["ations", "ation", "ments", "ment", "ings", "ing", "eries", "ery", "ies", "ed", "es", "e", "y"];
export const MIN_ROOT = 4;
