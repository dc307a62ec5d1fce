/**
 * A large account for scale work (FSM_SANDBOX_SCALE=large): 5,000 customers, 50,000 assets, their sites and a
 * job board, generated from one seed so every run and every machine sees the same account. Vendor-neutral:
 * each vendor's sandbox has a small adapter (src/sandbox/<vendor>/large-account.ts) that turns these drafts
 * into its own records, appended after its regular demo data so the regular records keep their ids.
 *
 * The forms are the ones real accounts hold, because that is what a lookup must cope with: phone numbers
 * typed every way, names with apostrophes, ampersands, accents and legal suffixes, customers with hundreds of
 * numbered units (fleets), floors and basements, makes, models, serials and tags.
 */
import { SeededRandom } from "./random.js";

// The setting itself lives in the configuration contract, which a live server loads without any sandbox code.
export type { SandboxScale } from "../../config.js";

export interface LargeAccountSizes {
  customers: number;
  assets: number;
  jobs: number;
}

/** What issue 12 asks the large account to hold. */
export const LARGE_ACCOUNT_SIZES: LargeAccountSizes = { customers: 5_000, assets: 50_000, jobs: 5_000 };
export const LARGE_ACCOUNT_SEED = 20261206;

/** Where an asset stands, in words every vendor can map onto its own statuses. */
export type AssetCondition = "in service" | "idle" | "in repair" | "out of service" | "lost" | "retired";
/** Where a job stands, likewise. */
export type JobStage = "open" | "scheduled" | "in progress" | "on hold" | "done" | "cancelled";

export interface LargeSite {
  name: string;
  street: string;
  city: string;
  state: string;
  zip: string;
}

export interface LargeCustomer {
  name: string;
  /** As typed into the account: every format, sometimes with an extension; null when none was given. */
  phone: string | null;
  email: string;
  sites: LargeSite[];
}

export interface LargeAsset {
  customer: number;
  site: number;
  name: string;
  /** The generic type (vendor adapters map it onto their own asset types). */
  type: string;
  make: string;
  model: string;
  serial: string;
  /** A tag in the customer's own numbering (fleet unit number, property tag). */
  tag: string;
  /** Floor or area within the site. */
  area: string;
  condition: AssetCondition;
  /** Years since installation. */
  ageYears: number;
}

export interface LargeJob {
  customer: number;
  site: number;
  /** Index into assets, when the job is about one unit. */
  asset: number | null;
  title: string;
  stage: JobStage;
  /** Scheduled start relative to the anchor, in hours (negative: in the past). */
  startHours: number;
  durationHours: number;
}

export interface LargeAccount {
  customers: LargeCustomer[];
  assets: LargeAsset[];
  jobs: LargeJob[];
}

/* ---------- vocabulary ---------- */

const SURNAMES = [
  "O'Brien", "McAllister", "Nguyen", "García", "Peña", "Müller", "D'Angelo", "Kowalski", "Johansson", "O'Connor", "Smith", "Patel",
  "Okafor", "Schröder", "Ramírez", "Fitzgerald", "Van der Berg", "LeBlanc", "Dubois", "Kim", "Rossi", "Novak", "Haddad", "Brennan",
  "Whitaker", "Castellano", "Yamamoto", "MacDonald", "St. Pierre", "Olsen", "Ferreira", "Abernathy", "Lindqvist", "Moreau", "Chen",
  "Gallagher", "Björk", "Sánchez", "Hoffmann", "Delacroix",
];
const FIRST_WORDS = [
  "Acme", "Summit", "Riverside", "Lakeview", "Northgate", "Pioneer", "Keystone", "Heritage", "Cedar", "Maple", "Golden", "Silver",
  "Prairie", "Harbor", "Evergreen", "Blue Ridge", "Red Oak", "Sunrise", "Iron", "Granite", "Horizon", "Liberty", "Union", "Tri-County",
  "Metro", "Valley", "Crossroads", "Eastside", "Westfield", "Midtown", "Bayside", "Copper", "Willow", "Stonebridge", "Oakmont", "Fairview",
];
const BUSINESSES = [
  "Bakery", "Plumbing", "Dental", "Logistics", "Foods", "Grocery", "Hotel", "Apartments", "Storage", "Auto Service", "Brewing",
  "Fitness", "Medical Group", "Property Management", "Manufacturing", "Printing", "Café", "Pizzeria", "Academy", "Church",
  "Veterinary Clinic", "Cold Storage", "Distribution", "Self Storage", "Senior Living", "Data Center", "Credit Union", "Laundromat",
  "Deli", "Hardware", "Transport", "Farms", "Dairy", "Pharmacy", "Library", "Marina",
];
const SUFFIXES = ["", "", "", "Inc.", "LLC", "Ltd", "Corp.", "Co.", "Group", "& Co.", "L.L.C.", "Holdings"];
const CITIES: ReadonlyArray<{ city: string; state: string; area: string; zip: string }> = [
  { city: "Springfield", state: "IL", area: "217", zip: "627" },
  { city: "Peoria", state: "IL", area: "309", zip: "616" },
  { city: "Chicago", state: "IL", area: "312", zip: "606" },
  { city: "Naperville", state: "IL", area: "630", zip: "605" },
  { city: "St. Louis", state: "MO", area: "314", zip: "631" },
  { city: "Indianapolis", state: "IN", area: "317", zip: "462" },
  { city: "Milwaukee", state: "WI", area: "414", zip: "532" },
  { city: "Des Moines", state: "IA", area: "515", zip: "503" },
  { city: "Coeur d'Alene", state: "ID", area: "208", zip: "838" },
  { city: "Santa Fe", state: "NM", area: "505", zip: "875" },
  { city: "San José", state: "CA", area: "408", zip: "951" },
  { city: "Wilkes-Barre", state: "PA", area: "570", zip: "187" },
];
const STREETS = ["Main", "Oak", "Maple", "Lincoln", "Washington", "Lake", "Hill", "Park", "Church", "Mill", "River", "Market", "Elm", "Cedar", "Martin Luther King Jr.", "O'Hare", "Saint Anne's", "Industrial", "Commerce", "Airport"];
const STREET_KINDS = ["Street", "St.", "Avenue", "Ave", "Road", "Rd.", "Boulevard", "Blvd", "Drive", "Dr", "Parkway", "Lane", "Court", "Way", "Hwy"];
const SITE_NAMES = ["Main Office", "Headquarters", "Warehouse", "Plant 1", "Plant 2", "Store #", "Branch", "Depot", "Yard", "North Campus", "South Campus", "Annex", "Distribution Center", "Clinic", "Shop"];
const AREAS = ["Roof", "Basement", "Ground Floor", "1st Floor", "2nd Floor", "3rd Floor", "4th Floor", "Mechanical Room", "Boiler Room", "Kitchen", "Loading Dock", "Server Room", "Lobby", "Parking Garage", "Level 2", "Level B1", "Mezzanine", "Yard"];

interface AssetKind {
  type: string;
  /** A name with {n} (unit number) and {area}. */
  names: readonly string[];
  makes: ReadonlyArray<{ make: string; models: readonly string[]; prefix: string }>;
  /** Weight in the mix; fleets come in big numbers. */
  weight: number;
  lifeYears: number;
}

const ASSET_KINDS: readonly AssetKind[] = [
  {
    type: "Rooftop Unit",
    names: ["RTU-{n}", "Rooftop Unit #{n}", "RTU {n} – {area}", "Rooftop HVAC Unit {n}"],
    makes: [
      { make: "Carrier", models: ["48TC 10-ton", "50XC 7.5-ton"], prefix: "CAR" },
      { make: "Trane", models: ["Voyager YSC120", "Precedent YHC060"], prefix: "TRN" },
      { make: "Lennox", models: ["Energence LGH120"], prefix: "LNX" },
      { make: "York", models: ["Sun Core ZF", "Predator ZR"], prefix: "YRK" },
    ],
    weight: 10,
    lifeYears: 18,
  },
  {
    type: "Air Handler",
    names: ["AHU-{n}", "Air Handler {n} – {area}", "AHU {n} ({area})"],
    makes: [
      { make: "Daikin", models: ["Vision CAH", "Skyline OSA"], prefix: "DKN" },
      { make: "Carrier", models: ["39M AeroDynamic"], prefix: "CAR" },
      { make: "Trane", models: ["Performance Climate Changer"], prefix: "TRN" },
    ],
    weight: 6,
    lifeYears: 22,
  },
  {
    type: "Split System AC",
    names: ["Split System AC – {area}", "Mini-Split {n} – {area}", "AC Unit {n}"],
    makes: [
      { make: "Mitsubishi Electric", models: ["MSZ-GL", "PUZ-A"], prefix: "MIT" },
      { make: "Daikin", models: ["FTX Series"], prefix: "DKN" },
      { make: "Goodman", models: ["GSX16"], prefix: "GDM" },
    ],
    weight: 7,
    lifeYears: 15,
  },
  {
    type: "Boiler",
    names: ["Boiler #{n} – {area}", "Hot Water Boiler {n}", "Steam Boiler #{n}"],
    makes: [
      { make: "Weil-McLain", models: ["SlimFit SF-750", "88 Series"], prefix: "WM" },
      { make: "Lochinvar", models: ["Crest FBN1500", "Knight KBN285"], prefix: "LCH" },
      { make: "Burnham", models: ["Alpine ALP399"], prefix: "BRN" },
    ],
    weight: 3,
    lifeYears: 25,
  },
  {
    type: "Water Heater",
    names: ["Water Heater #{n} – {area}", "{gal}-Gallon Water Heater", "WH-{n}"],
    makes: [
      { make: "A.O. Smith", models: ["BTH-199", "Cyclone Xi"], prefix: "AOS" },
      { make: "Rheem", models: ["Professional Classic 75"], prefix: "RH" },
      { make: "Bradford White", models: ["eF Series EF100T"], prefix: "BW" },
    ],
    weight: 4,
    lifeYears: 12,
  },
  {
    type: "Generator",
    names: ["Standby Generator {n}", "Emergency Genset #{n}", "Generator {n} – {area}"],
    makes: [
      { make: "Generac", models: ["MD200", "SG150"], prefix: "GNR" },
      { make: "Kohler", models: ["60REZXC", "KD800"], prefix: "KOH" },
      { make: "Cummins", models: ["C150 D6"], prefix: "CMS" },
    ],
    weight: 2,
    lifeYears: 25,
  },
  {
    type: "Fire Alarm Panel",
    names: ["Fire Alarm Control Panel – {area}", "FACP {n}", "Fire Panel #{n}"],
    makes: [
      { make: "Simplex", models: ["4100ES", "4007ES"], prefix: "SPX" },
      { make: "Notifier", models: ["NFS-320", "NFS2-3030"], prefix: "NTF" },
      { make: "Edwards", models: ["iO500"], prefix: "EST" },
    ],
    weight: 2,
    lifeYears: 15,
  },
  {
    type: "Printer",
    names: ["MFP {n} – {area}", "Copier #{n}", "Printer {n} ({area})"],
    makes: [
      { make: "Xerox", models: ["AltaLink C8170", "VersaLink B7035"], prefix: "XRX" },
      { make: "Canon", models: ["imageRUNNER ADVANCE DX C5860i"], prefix: "CNN" },
      { make: "Ricoh", models: ["IM C4510"], prefix: "RIC" },
      { make: "HP", models: ["LaserJet Enterprise M611"], prefix: "HPQ" },
    ],
    weight: 12,
    lifeYears: 6,
  },
  {
    type: "Walk-in Cooler",
    names: ["Walk-in Cooler #{n}", "Walk-In Cooler – {area}", "Cooler {n}"],
    makes: [
      { make: "Kolpak", models: ["KT7-0810-CT"], prefix: "KLP" },
      { make: "Norlake", models: ["KLB7710-C"], prefix: "NL" },
    ],
    weight: 3,
    lifeYears: 15,
  },
  {
    type: "Walk-in Freezer",
    names: ["Walk-in Freezer #{n}", "Freezer {n} – {area}"],
    makes: [
      { make: "Kolpak", models: ["KF7-0810-FR"], prefix: "KLP" },
      { make: "Norlake", models: ["KLF7710-C"], prefix: "NL" },
    ],
    weight: 2,
    lifeYears: 15,
  },
  {
    type: "Ice Machine",
    names: ["Ice Machine – {area}", "Ice Maker #{n}"],
    makes: [
      { make: "Manitowoc", models: ["IYT0500A", "NEO UDF0140A"], prefix: "MAN" },
      { make: "Hoshizaki", models: ["KM-515MAJ"], prefix: "HOS" },
    ],
    weight: 2,
    lifeYears: 10,
  },
  {
    type: "Forklift",
    names: ["Forklift Unit {n}", "Unit #{n} Forklift", "FL-{n}"],
    makes: [
      { make: "Toyota", models: ["8FGCU25", "Core IC Pneumatic"], prefix: "TYT" },
      { make: "Hyster", models: ["H50FT"], prefix: "HYS" },
      { make: "Crown", models: ["FC 5200"], prefix: "CRN" },
    ],
    weight: 10,
    lifeYears: 12,
  },
  {
    type: "Vehicle",
    names: ["Van #{n}", "Unit {n} – Service Van", "Truck {n}"],
    makes: [
      { make: "Ford", models: ["Transit 250", "F-150"], prefix: "1FT" },
      { make: "Chevrolet", models: ["Express 2500"], prefix: "1GC" },
      { make: "Ram", models: ["ProMaster 2500"], prefix: "3C6" },
    ],
    weight: 8,
    lifeYears: 10,
  },
  {
    type: "Vending Machine",
    names: ["Vending Machine {n} – {area}", "Snack Machine #{n}"],
    makes: [
      { make: "Crane", models: ["Merchant 6"], prefix: "CRA" },
      { make: "AMS", models: ["Sensit 3"], prefix: "AMS" },
    ],
    weight: 6,
    lifeYears: 10,
  },
  {
    type: "Elevator",
    names: ["Passenger Elevator #{n}", "Freight Elevator {n}", "Elevator {n}"],
    makes: [
      { make: "Otis", models: ["Gen2"], prefix: "OTS" },
      { make: "Kone", models: ["MonoSpace 500"], prefix: "KNE" },
      { make: "Schindler", models: ["3300"], prefix: "SCH" },
    ],
    weight: 2,
    lifeYears: 30,
  },
];

const CONDITIONS: readonly AssetCondition[] = ["in service", "idle", "in repair", "out of service", "lost", "retired"];
const CONDITION_WEIGHTS = [78, 6, 6, 5, 2, 3];
const JOB_STAGES: readonly JobStage[] = ["open", "scheduled", "in progress", "on hold", "done", "cancelled"];
const JOB_STAGE_WEIGHTS = [10, 18, 6, 4, 55, 7];
const JOB_TITLES = [
  "Preventive maintenance – {type}",
  "{type} not working",
  "{type} making noise",
  "Annual inspection – {type}",
  "Replace filters – {type}",
  "Leak reported near {type}",
  "No cooling – {type}",
  "No heat – {type}",
  "Install new {type}",
  "Quarterly service – {type}",
];

/* ---------- generation ---------- */

/**
 * The account for `seed`; the same seed always gives the same account. Sizes default to LARGE_ACCOUNT_SIZES
 * (tests pass smaller ones). Plain loops and string building only: 50,000 assets take well under a second.
 */
export function generateLargeAccount(options: { seed?: number; sizes?: LargeAccountSizes } = {}): LargeAccount {
  const rng = new SeededRandom(options.seed ?? LARGE_ACCOUNT_SEED);
  const sizes = options.sizes ?? LARGE_ACCOUNT_SIZES;
  const customers = generateCustomers(rng, sizes.customers);
  const assets = generateAssets(rng, customers, sizes.assets);
  const jobs = generateJobs(rng, customers, assets, sizes.jobs);
  return { customers, assets, jobs };
}

function generateCustomers(rng: SeededRandom, count: number): LargeCustomer[] {
  const customers: LargeCustomer[] = [];
  const used = new Set<string>();
  for (let i = 0; i < count; i++) {
    let name = customerName(rng);
    // Real accounts do hold near-duplicates, but a name used twice gets its branch, as offices do.
    if (used.has(name)) name = `${name} – ${rng.pick(CITIES).city}`;
    if (used.has(name)) name = `${name} #${i}`;
    used.add(name);
    const home = rng.pick(CITIES);
    const siteCount = rng.weighted([1, 2, 3, 5, 12], [60, 22, 10, 6, 2]);
    const sites: LargeSite[] = [];
    for (let s = 0; s < siteCount; s++) {
      const city = s === 0 || rng.chance(0.7) ? home : rng.pick(CITIES);
      const base = rng.pick(SITE_NAMES);
      sites.push({
        name: base === "Store #" ? `Store #${rng.int(100, 999)}` : s === 0 ? base : `${base} – ${city.city}`,
        street: `${rng.int(1, 9999)} ${rng.chance(0.3) ? rng.pick(["N", "S", "E", "W"]) + " " : ""}${rng.pick(STREETS)} ${rng.pick(STREET_KINDS)}${rng.chance(0.15) ? `, Suite ${rng.int(1, 9)}${rng.int(0, 9)}0` : ""}`,
        city: city.city,
        state: city.state,
        zip: `${city.zip}${String(rng.int(0, 99)).padStart(2, "0")}`,
      });
    }
    customers.push({ name, phone: rng.chance(0.05) ? null : phone(rng, home.area), email: `${emailLocal(rng)}@${domainOf(name)}`, sites });
  }
  return customers;
}

function customerName(rng: SeededRandom): string {
  const business = rng.pick(BUSINESSES);
  const suffix = rng.pick(SUFFIXES);
  const pattern = rng.int(0, 5);
  const base =
    pattern === 0
      ? `${rng.pick(SURNAMES)} & Sons ${business}`
      : pattern === 1
        ? `${rng.pick(SURNAMES)}'s ${business}`
        : pattern === 2
          ? `${rng.pick(SURNAMES)} & ${rng.pick(SURNAMES)} ${business}`
          : pattern === 3
            ? `The ${rng.pick(FIRST_WORDS)} ${business}`
            : `${rng.pick(FIRST_WORDS)} ${business}`;
  return suffix ? `${base} ${suffix}` : base;
}

/** Phone numbers as people type them (555-01XX numbers are reserved for fiction: nobody real is dialled). */
function phone(rng: SeededRandom, area: string): string {
  const line = `01${String(rng.int(0, 99)).padStart(2, "0")}`;
  switch (rng.int(0, 8)) {
    case 0:
      return `(${area}) 555-${line}`;
    case 1:
      return `${area}-555-${line}`;
    case 2:
      return `${area}.555.${line}`;
    case 3:
      return `+1 ${area} 555 ${line}`;
    case 4:
      return `+1${area}555${line}`;
    case 5:
      return `${area}555${line}`;
    case 6:
      return `(${area}) 555-${line} ext. ${rng.int(10, 499)}`;
    case 7:
      return `1-${area}-555-${line}`;
    default:
      return `${area} 555 ${line}`;
  }
}

function emailLocal(rng: SeededRandom): string {
  return rng.pick(["office", "facilities", "accounts", "service", "maintenance", "info", "ap", "frontdesk", "ops"]);
}

function domainOf(name: string): string {
  const ascii = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/&/g, "and")
    .replace(/[^a-z0-9]+/g, "")
    .slice(0, 24);
  return `${ascii || "customer"}.example.com`;
}

function generateAssets(rng: SeededRandom, customers: LargeCustomer[], total: number): LargeAsset[] {
  // Fleet sizes are skewed as in real accounts: most customers have a handful of units, a few have hundreds.
  const weights = customers.map(() => (rng.chance(0.025) ? rng.int(150, 600) : rng.chance(0.2) ? rng.int(10, 40) : rng.int(1, 8)));
  const sum = weights.reduce((a, b) => a + b, 0);
  const counts = weights.map((w) => Math.floor((w / sum) * total));
  let missing = total - counts.reduce((a, b) => a + b, 0);
  for (let i = 0; missing > 0; i = (i + 1) % counts.length, missing--) counts[i]! += 1;

  const kindWeights = ASSET_KINDS.map((k) => k.weight);
  const assets: LargeAsset[] = [];
  customers.forEach((customer, c) => {
    const perKind = new Map<string, number>();
    let tagNumber = 0;
    const tagPrefix = customer.name.replace(/[^A-Za-z]/g, "").slice(0, 3).toUpperCase() || "UNT";
    for (let i = 0; i < (counts[c] as number); i++) {
      const kind = rng.weighted(ASSET_KINDS, kindWeights);
      const make = rng.pick(kind.makes);
      const n = (perKind.get(kind.type) ?? 0) + 1;
      perKind.set(kind.type, n);
      const area = kind.type === "Vehicle" || kind.type === "Forklift" ? rng.pick(["Yard", "Loading Dock", "Warehouse", "Depot"]) : rng.pick(AREAS);
      const ageYears = rng.float(0.2, kind.lifeYears * 1.1, 1);
      assets.push({
        customer: c,
        site: rng.int(0, customer.sites.length - 1),
        name: rng
          .pick(kind.names)
          .replace("{n}", String(n))
          .replace("{area}", area)
          .replace("{gal}", String(rng.pick([40, 50, 75, 100]))),
        type: kind.type,
        make: make.make,
        model: rng.pick(make.models),
        serial: `${make.prefix}-${rng.int(2000, 2026)}-${String(assets.length).padStart(6, "0")}${String.fromCharCode(65 + rng.int(0, 25))}`,
        // The customer's own numbering runs across its whole fleet.
        tag: `${tagPrefix}-${String(++tagNumber).padStart(4, "0")}`,
        area,
        condition: rng.weighted(CONDITIONS, CONDITION_WEIGHTS),
        ageYears,
      });
    }
  });
  return assets;
}

function generateJobs(rng: SeededRandom, customers: LargeCustomer[], assets: LargeAsset[], count: number): LargeJob[] {
  const jobs: LargeJob[] = [];
  for (let i = 0; i < count; i++) {
    const asset = assets.length > 0 && rng.chance(0.8) ? rng.int(0, assets.length - 1) : null;
    const customer = asset !== null ? (assets[asset] as LargeAsset).customer : rng.int(0, customers.length - 1);
    const site = asset !== null ? (assets[asset] as LargeAsset).site : rng.int(0, (customers[customer] as LargeCustomer).sites.length - 1);
    const stage = rng.weighted(JOB_STAGES, JOB_STAGE_WEIGHTS);
    // Done and cancelled work lies in the past; open and scheduled work mostly ahead.
    const startHours = stage === "done" || stage === "cancelled" ? -rng.int(24, 400 * 24) : stage === "in progress" ? -rng.int(1, 6) : stage === "on hold" ? -rng.int(24, 30 * 24) : rng.int(-5 * 24, 30 * 24);
    jobs.push({
      customer,
      site,
      asset,
      title: capitalise(rng.pick(JOB_TITLES).replace("{type}", asset !== null ? (assets[asset] as LargeAsset).type.toLowerCase() : "site")),
      stage,
      startHours,
      durationHours: rng.int(1, 8),
    });
  }
  return jobs;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
