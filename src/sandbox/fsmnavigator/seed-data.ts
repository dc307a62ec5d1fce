/**
 * Vocabulary of the demo data: a regional commercial service contractor based in central Illinois, serving
 * restaurants, clinics, schools, property managers, retailers and plants across the Midwest. Everything is
 * fictional except real equipment makers and real city / ZIP / area-code combinations, so records read like a
 * real account. seed.ts draws from these lists with the seeded PRNG.
 */

export type Category =
  | "restaurant"
  | "clinic"
  | "school"
  | "property"
  | "office"
  | "warehouse"
  | "grocery"
  | "retail"
  | "hotel"
  | "church"
  | "gym"
  | "manufacturing"
  | "datacenter";

export type Trade = "HVAC" | "Plumbing" | "Electrical" | "Refrigeration" | "Fire Safety" | "Generators" | "Elevators" | "General";

/* ---------- places ---------- */

export interface City {
  city: string;
  state: string;
  zips: readonly string[];
  areaCodes: readonly string[];
  lat: number;
  lon: number;
}

export const CITIES: readonly City[] = [
  { city: "Springfield", state: "IL", zips: ["62701", "62702", "62703", "62704", "62707", "62711", "62712"], areaCodes: ["217"], lat: 39.7817, lon: -89.6501 },
  { city: "Champaign", state: "IL", zips: ["61820", "61821", "61822"], areaCodes: ["217"], lat: 40.1164, lon: -88.2434 },
  { city: "Decatur", state: "IL", zips: ["62521", "62522", "62526"], areaCodes: ["217"], lat: 39.8403, lon: -88.9548 },
  { city: "Bloomington", state: "IL", zips: ["61701", "61704", "61705"], areaCodes: ["309"], lat: 40.4842, lon: -88.9937 },
  { city: "Peoria", state: "IL", zips: ["61602", "61603", "61604", "61614", "61615"], areaCodes: ["309"], lat: 40.6936, lon: -89.589 },
  { city: "Chicago", state: "IL", zips: ["60601", "60605", "60607", "60614", "60618", "60622", "60640"], areaCodes: ["312", "773"], lat: 41.8781, lon: -87.6298 },
  { city: "Naperville", state: "IL", zips: ["60540", "60563", "60564", "60565"], areaCodes: ["630"], lat: 41.7508, lon: -88.1535 },
  { city: "Rockford", state: "IL", zips: ["61101", "61107", "61108", "61114"], areaCodes: ["815"], lat: 42.2711, lon: -89.094 },
  { city: "Joliet", state: "IL", zips: ["60431", "60432", "60435"], areaCodes: ["815"], lat: 41.525, lon: -88.0817 },
  { city: "St. Louis", state: "MO", zips: ["63101", "63103", "63104", "63110", "63139"], areaCodes: ["314"], lat: 38.627, lon: -90.1994 },
  { city: "Indianapolis", state: "IN", zips: ["46204", "46208", "46220", "46240"], areaCodes: ["317"], lat: 39.7684, lon: -86.1581 },
  { city: "Milwaukee", state: "WI", zips: ["53202", "53204", "53212"], areaCodes: ["414"], lat: 43.0389, lon: -87.9065 },
  { city: "Davenport", state: "IA", zips: ["52801", "52803", "52806"], areaCodes: ["563"], lat: 41.5236, lon: -90.5776 },
];

export const STREET_NAMES = [
  "Main", "Oak", "Maple", "Washington", "Lincoln", "Jefferson", "Monroe", "Madison", "Adams", "Cedar", "Elm", "Walnut",
  "Park", "Lake", "Hill", "Church", "Market", "Commerce", "Industrial", "Veterans", "State", "Grand", "Division",
  "Prairie", "Meadow", "River", "Mill", "Sangamon", "Wabash", "Illinois", "Chestnut", "Spruce", "Sycamore", "Harrison",
  "Clinton", "Jackson", "Franklin", "Kennedy", "Wilson", "Edwards", "Dirksen", "Stevenson", "MacArthur", "Koke Mill",
] as const;
export const STREET_SUFFIXES = ["Street", "Avenue", "Road", "Boulevard", "Drive", "Parkway", "Lane", "Court"] as const;
export const STREET_DIRECTIONS = ["", "", "", "", "N ", "S ", "E ", "W "] as const;

/* ---------- customers ---------- */

export interface CustomerProfile {
  name: string;
  category: Category;
  domain: string;
  /** Mailbox for the customer email; a person's name for small businesses. */
  mailbox: string;
  /** Index into CITIES of the home city; other sites stay in the region. */
  home: number;
  /** Number of service locations. */
  sites: number;
  taxExemptReason?: string;
  /** A customer signed recently (fewer jobs, newer data). */
  recent?: boolean;
}

/** Deliberately similar names ("Acme Corporation" / "Acme Corp Logistics", three "Riverside …") test fuzzy search. */
export const CUSTOMER_PROFILES: readonly CustomerProfile[] = [
  { name: "Acme Corporation", category: "office", domain: "acmecorp.com", mailbox: "facilities", home: 0, sites: 3 },
  { name: "Acme Corp Logistics", category: "warehouse", domain: "acmecorplogistics.com", mailbox: "operations", home: 0, sites: 2 },
  { name: "Riverside Family Dental", category: "clinic", domain: "riversidefamilydental.com", mailbox: "office", home: 0, sites: 1 },
  { name: "Riverside Elementary School", category: "school", domain: "riverside-sd186.org", mailbox: "maintenance", home: 0, sites: 2, taxExemptReason: "Public school district" },
  { name: "Riverside Commons Apartments", category: "property", domain: "riversidecommons.com", mailbox: "manager", home: 4, sites: 3 },
  { name: "Blue Harbor Seafood Grill", category: "restaurant", domain: "blueharborgrill.com", mailbox: "kitchen", home: 5, sites: 2 },
  { name: "Blue Harbor Property Management", category: "property", domain: "blueharborpm.com", mailbox: "workorders", home: 5, sites: 5 },
  { name: "Golden Spoon Diner", category: "restaurant", domain: "goldenspoondiner.com", mailbox: "maria.kostas", home: 0, sites: 1 },
  { name: "Maple Street Bakery", category: "restaurant", domain: "maplestreetbakery.com", mailbox: "hello", home: 1, sites: 2 },
  { name: "Lakeside Pediatrics", category: "clinic", domain: "lakesidepeds.com", mailbox: "practice.manager", home: 6, sites: 2 },
  { name: "Summit Urgent Care", category: "clinic", domain: "summiturgentcare.com", mailbox: "facilities", home: 4, sites: 3 },
  { name: "Northgate Veterinary Hospital", category: "clinic", domain: "northgatevet.com", mailbox: "admin", home: 3, sites: 1 },
  { name: "Lincoln Park Unified School District", category: "school", domain: "lpusd.org", mailbox: "facilities", home: 7, sites: 4, taxExemptReason: "Public school district" },
  { name: "St. Mary's Academy", category: "school", domain: "stmarysacademy-il.org", mailbox: "business.office", home: 2, sites: 2, taxExemptReason: "501(c)(3) nonprofit" },
  { name: "Little Acorns Montessori", category: "school", domain: "littleacornsmontessori.com", mailbox: "director", home: 6, sites: 1 },
  { name: "Pinecrest Property Group", category: "property", domain: "pinecrestpg.com", mailbox: "maintenance", home: 9, sites: 4 },
  { name: "Harborview Senior Living", category: "property", domain: "harborviewseniorliving.com", mailbox: "plant.ops", home: 11, sites: 2 },
  { name: "Cedar Ridge Apartments", category: "property", domain: "cedarridgeliving.com", mailbox: "leasing", home: 0, sites: 2 },
  { name: "Metro Self Storage", category: "warehouse", domain: "metroselfstorage.com", mailbox: "district.ops", home: 8, sites: 3 },
  { name: "FreshMart Grocery", category: "grocery", domain: "freshmartgrocery.com", mailbox: "store.ops", home: 3, sites: 4 },
  { name: "Green Valley Market", category: "grocery", domain: "greenvalleymarket.com", mailbox: "owner", home: 1, sites: 1 },
  { name: "Hillside Hardware", category: "retail", domain: "hillsidehardware.com", mailbox: "store", home: 2, sites: 2 },
  { name: "Urban Threads Boutique", category: "retail", domain: "urbanthreads.com", mailbox: "jen.alvarez", home: 5, sites: 1 },
  { name: "Sunrise Fitness Club", category: "gym", domain: "sunrisefitnessclub.com", mailbox: "facilities", home: 6, sites: 3 },
  { name: "Iron Works Gym", category: "gym", domain: "ironworksgym.com", mailbox: "manager", home: 4, sites: 1 },
  { name: "Grand Plaza Hotel", category: "hotel", domain: "grandplazahotel.com", mailbox: "engineering", home: 9, sites: 1 },
  { name: "Parkside Inn & Suites", category: "hotel", domain: "parksideinn.com", mailbox: "gm", home: 3, sites: 2 },
  { name: "First Community Church", category: "church", domain: "firstcommunitychurch.org", mailbox: "office", home: 0, sites: 2, taxExemptReason: "501(c)(3) religious organization" },
  { name: "Temple Beth Shalom", category: "church", domain: "bethshalomtemple.org", mailbox: "administrator", home: 10, sites: 1, taxExemptReason: "501(c)(3) religious organization" },
  { name: "Precision Machining Co.", category: "manufacturing", domain: "precisionmachining.com", mailbox: "plant.maintenance", home: 7, sites: 2 },
  { name: "Midwest Plastics Inc.", category: "manufacturing", domain: "midwestplastics.com", mailbox: "maintenance", home: 12, sites: 2 },
  { name: "Keystone Law Group", category: "office", domain: "keystonelawgroup.com", mailbox: "office.manager", home: 5, sites: 1 },
  { name: "Bayside Credit Union", category: "office", domain: "baysidecu.org", mailbox: "facilities", home: 11, sites: 4 },
  { name: "Oak & Ivy Dental Studio", category: "clinic", domain: "oakandivydental.com", mailbox: "frontdesk", home: 6, sites: 1 },
  { name: "Taqueria El Sol", category: "restaurant", domain: "taqueriaelsol.com", mailbox: "luis.ortega", home: 8, sites: 2 },
  { name: "Bella Napoli Pizzeria", category: "restaurant", domain: "bellanapolipizza.com", mailbox: "tony", home: 9, sites: 3 },
  { name: "The Copper Kettle Cafe", category: "restaurant", domain: "copperkettlecafe.com", mailbox: "info", home: 2, sites: 1 },
  { name: "Sakura Sushi House", category: "restaurant", domain: "sakurasushihouse.com", mailbox: "manager", home: 10, sites: 1 },
  { name: "Westside Animal Clinic", category: "clinic", domain: "westsideanimalclinic.com", mailbox: "office", home: 0, sites: 1 },
  { name: "Evergreen Medical Group", category: "clinic", domain: "evergreenmedgroup.com", mailbox: "facilities", home: 3, sites: 4 },
  { name: "Northside Community College", category: "school", domain: "northsidecc.edu", mailbox: "physical.plant", home: 4, sites: 3, taxExemptReason: "Public community college" },
  { name: "Heritage Park Condominiums", category: "property", domain: "heritageparkcondos.com", mailbox: "board", home: 6, sites: 2 },
  { name: "Silver Creek Office Park", category: "property", domain: "silvercreekofficepark.com", mailbox: "property.manager", home: 0, sites: 3 },
  { name: "Coastal Cold Storage", category: "warehouse", domain: "coastalcoldstorage.com", mailbox: "maintenance", home: 9, sites: 2 },
  { name: "Prairie Wind Brewing Co.", category: "restaurant", domain: "prairiewindbrewing.com", mailbox: "brewmaster", home: 1, sites: 1 },
  { name: "Downtown Dry Cleaners", category: "retail", domain: "downtowndrycleaners.com", mailbox: "owner", home: 0, sites: 1 },
  { name: "Paws & Claws Pet Supply", category: "retail", domain: "pawsandclawspets.com", mailbox: "stores", home: 3, sites: 2 },
  { name: "Valley View Nursing Center", category: "clinic", domain: "valleyviewnursing.com", mailbox: "maintenance", home: 2, sites: 1 },
  { name: "Redwood Public Library", category: "office", domain: "redwoodlibrary.org", mailbox: "facilities", home: 7, sites: 2, taxExemptReason: "Municipal library district" },
  { name: "City of Fairview Public Works", category: "office", domain: "fairview-il.gov", mailbox: "publicworks", home: 8, sites: 3, taxExemptReason: "Government entity" },
  { name: "Lone Star BBQ Smokehouse", category: "restaurant", domain: "lonestarbbqsmokehouse.com", mailbox: "catering", home: 10, sites: 1 },
  { name: "Greenfield Auto Service", category: "retail", domain: "greenfieldauto.com", mailbox: "service", home: 1, sites: 1 },
  { name: "Brightside Daycare Center", category: "school", domain: "brightsidedaycare.com", mailbox: "director", home: 0, sites: 2, recent: true },
  { name: "Pioneer Storage & Moving", category: "warehouse", domain: "pioneerstorage.com", mailbox: "dispatch", home: 12, sites: 1, recent: true },
  { name: "Horizon Data Center", category: "datacenter", domain: "horizondatacenter.com", mailbox: "noc", home: 5, sites: 2, recent: true },
  { name: "Willow Creek Golf Club", category: "hotel", domain: "willowcreekgolf.com", mailbox: "clubhouse", home: 6, sites: 2, recent: true },
  { name: "Magnolia Event Hall", category: "hotel", domain: "magnoliaeventhall.com", mailbox: "events", home: 0, sites: 1, recent: true },
  { name: "Acme Dental Partners", category: "clinic", domain: "acmedentalpartners.com", mailbox: "office", home: 1, sites: 2, recent: true },
];

/** SLA hours by category (faster for food safety and healthcare). */
export const SLA_HOURS: Readonly<Record<Category, readonly number[]>> = {
  restaurant: [4, 8],
  clinic: [4, 8],
  school: [24, 48],
  property: [24, 48],
  office: [24, 48],
  warehouse: [24, 48],
  grocery: [4, 8],
  retail: [24, 48],
  hotel: [8, 24],
  church: [48, 72],
  gym: [24, 48],
  manufacturing: [8, 24],
  datacenter: [2, 4],
};

/** Site names: the first is the primary / only site's name. */
export const SITE_NAMES: Readonly<Record<Category, readonly string[]>> = {
  restaurant: ["Downtown", "Westside", "Airport Road", "Commissary Kitchen", "Eastgate"],
  clinic: ["Main Office", "North Clinic", "South Clinic", "Surgery Center", "Administrative Office"],
  school: ["Main Campus", "Gymnasium", "Administration Building", "Early Learning Center", "Field House"],
  property: ["Maple Court Apartments", "Willow Bend Townhomes", "Lakeview Tower", "Oak Terrace", "Briarwood Plaza", "Clubhouse"],
  office: ["Main Office", "Headquarters Annex", "Branch Office", "Operations Center"],
  warehouse: ["Distribution Center", "Cross-Dock Facility", "Fleet Yard", "Warehouse 2"],
  grocery: ["Store #101", "Store #104", "Store #112", "Store #118"],
  retail: ["Downtown Store", "Eastgate Store", "Westfield Store"],
  hotel: ["Main Building", "Conference Center", "Clubhouse"],
  church: ["Sanctuary", "Fellowship Hall"],
  gym: ["Downtown Club", "Northside Club", "Westside Club"],
  manufacturing: ["Plant 1", "Plant 2"],
  datacenter: ["Data Hall A", "Data Hall B"],
};

export const SITE_NOTES = [
  "Access through the loading dock on the north side; check in with security.",
  "Mechanical room key is kept at the front desk.",
  "Park in the rear lot; the front lot is customer parking only.",
  "Roof access by interior ladder in the janitor closet, 2nd floor.",
  "Call the site contact 30 minutes before arrival.",
  "Service visits before 10:30 or after 14:00 only (lunch rush).",
  "Badge required after 18:00; request one from the property manager.",
  "Dog on premises after hours; coordinate with the night manager.",
] as const;

/* ---------- technicians ---------- */

export interface TechnicianProfile {
  first: string;
  last: string;
  skills: readonly string[];
  trades: readonly Trade[];
  active: boolean;
  vehicle: string | null;
  modes: readonly string[];
}

/** The fifth (id 45 once ids start at 41) is John Smith, the technician of seed 001's examples. */
export const TECHNICIAN_PROFILES: readonly TechnicianProfile[] = [
  { first: "Alex", last: "Johnson", skills: ["HVAC", "EPA 608 Universal", "Controls"], trades: ["HVAC", "General"], active: true, vehicle: "Service Van", modes: ["driving"] },
  { first: "Maria", last: "Garcia", skills: ["Refrigeration", "EPA 608 Universal", "Ice Machines"], trades: ["Refrigeration", "HVAC"], active: true, vehicle: "Service Van", modes: ["driving"] },
  { first: "David", last: "Chen", skills: ["Electrical", "Journeyman Electrician", "Generators"], trades: ["Electrical", "Generators"], active: true, vehicle: "Box Truck", modes: ["driving"] },
  { first: "Sarah", last: "Williams", skills: ["Fire Alarm", "NICET Level II", "Sprinklers"], trades: ["Fire Safety"], active: true, vehicle: "Pickup Truck", modes: ["driving"] },
  { first: "John", last: "Smith", skills: ["HVAC", "Boilers", "EPA 608 Universal"], trades: ["HVAC", "Plumbing"], active: true, vehicle: "Service Van", modes: ["driving"] },
  { first: "Marcus", last: "Brown", skills: ["Plumbing", "Backflow Tester", "Water Heaters"], trades: ["Plumbing"], active: true, vehicle: "Service Van", modes: ["driving"] },
  { first: "Emily", last: "Davis", skills: ["HVAC", "Refrigeration", "Building Automation"], trades: ["HVAC", "Refrigeration"], active: true, vehicle: "Service Van", modes: ["driving"] },
  { first: "Carlos", last: "Rodriguez", skills: ["Generators", "Diesel Engines", "Load Bank Testing"], trades: ["Generators", "Electrical"], active: true, vehicle: "Box Truck", modes: ["driving"] },
  { first: "Jessica", last: "Martinez", skills: ["Plumbing", "Drain Cleaning", "Grease Interceptors"], trades: ["Plumbing", "General"], active: true, vehicle: "Pickup Truck", modes: ["driving"] },
  { first: "Kevin", last: "O'Brien", skills: ["Elevators", "Hydraulics"], trades: ["Elevators"], active: true, vehicle: "Service Van", modes: ["driving"] },
  { first: "Priya", last: "Patel", skills: ["Fire Alarm", "Kitchen Suppression", "Extinguishers"], trades: ["Fire Safety", "General"], active: true, vehicle: null, modes: ["transit", "walking"] },
  { first: "Tyrone", last: "Jackson", skills: ["Electrical", "Lighting", "Infrared Thermography"], trades: ["Electrical", "General"], active: true, vehicle: "Pickup Truck", modes: ["driving"] },
  { first: "Laura", last: "Nguyen", skills: ["HVAC", "Heat Pumps", "Controls"], trades: ["HVAC"], active: true, vehicle: "Service Van", modes: ["driving", "walking"] },
  { first: "Brian", last: "Kowalski", skills: ["Refrigeration", "Walk-in Boxes", "EPA 608 Type II"], trades: ["Refrigeration"], active: true, vehicle: "Service Van", modes: ["driving"] },
  { first: "Ashley", last: "Thompson", skills: ["General Maintenance", "Plumbing", "Electrical"], trades: ["General", "Plumbing", "Electrical"], active: true, vehicle: "Compact Car", modes: ["driving"] },
  { first: "Daniel", last: "Kim", skills: ["HVAC", "Boilers"], trades: ["HVAC"], active: false, vehicle: "Service Van", modes: ["driving"] },
  { first: "Rachel", last: "Foster", skills: ["Fire Alarm", "Sprinklers"], trades: ["Fire Safety"], active: false, vehicle: "Pickup Truck", modes: ["driving"] },
  { first: "Miguel", last: "Hernandez", skills: ["Plumbing", "Water Heaters"], trades: ["Plumbing", "General"], active: false, vehicle: "Service Van", modes: ["driving"] },
];

/* ---------- equipment ---------- */

export interface Make {
  manufacturer: string;
  models: readonly string[];
  serialPrefix: string;
}

/** [text, resolution, parts used] */
export type ServiceText = readonly [string, string, string | null];

export interface AssetTypeProfile {
  name: string;
  trade: Trade;
  /** {n}: number at the site, {area}: one of `areas`. */
  names: readonly string[];
  areas?: readonly string[];
  makes: readonly Make[];
  cost: readonly [number, number];
  warrantyYears: number;
  lifeYears: number;
  /** Months between preventive maintenance visits. */
  pmEveryMonths: number;
  meter?: { name: string; unit: string; start: readonly [number, number]; perMonth: readonly [number, number]; share: number };
  pm: readonly ServiceText[];
  repairs: readonly ServiceText[];
  inspection: ServiceText;
}

/** Asset types in id order (5 = HVAC Unit, as in seed 002's examples). */
export const ASSET_TYPE_PROFILES: readonly AssetTypeProfile[] = [
  {
    name: "Boiler",
    trade: "HVAC",
    names: ["Boiler #{n} – Mechanical Room", "Hot Water Boiler #{n}", "Steam Boiler #{n}"],
    makes: [
      { manufacturer: "Lochinvar", models: ["Crest FBN1500", "Knight KBN285"], serialPrefix: "LCH" },
      { manufacturer: "Weil-McLain", models: ["SlimFit SF-750", "88 Series"], serialPrefix: "WM" },
      { manufacturer: "Burnham", models: ["Alpine ALP399"], serialPrefix: "BRN" },
    ],
    cost: [18000, 65000],
    warrantyYears: 5,
    lifeYears: 25,
    pmEveryMonths: 12,
    meter: { name: "Burner Hours", unit: "hours", start: [2000, 40000], perMonth: [40, 400], share: 0.6 },
    pm: [
      ["Annual boiler tune-up and combustion analysis", "Cleaned burner and heat exchanger, adjusted combustion to 9.2% CO2, tested safeties", "1x igniter, 1x flame rod gasket"],
      ["Pre-season boiler start-up", "Refilled and purged system, verified low-water cutoff and relief valve", null],
    ],
    repairs: [
      ["Boiler locking out on flame failure", "Replaced cracked flame sensor and cleaned burner; boiler firing normally", "1x flame sensor"],
      ["Boiler pressure dropping overnight", "Found weeping zone valve on loop 3; replaced valve and recharged expansion tank", "1x 1-1/4in zone valve"],
    ],
    inspection: ["State boiler inspection support", "Inspector signed off certificate; next inspection due in 12 months", null],
  },
  {
    name: "Water Heater",
    trade: "Plumbing",
    names: ["{gal}-Gallon Water Heater – {area}", "Water Heater #{n}"],
    areas: ["Utility Room", "Basement", "Kitchen", "Mechanical Room", "Back of House"],
    makes: [
      { manufacturer: "A.O. Smith", models: ["BTH-199", "Cyclone Xi BTH-250"], serialPrefix: "AOS" },
      { manufacturer: "Rheem", models: ["Professional Classic 75", "GHE100SU-130"], serialPrefix: "RH" },
      { manufacturer: "Bradford White", models: ["eF Series EF100T"], serialPrefix: "BW" },
    ],
    cost: [2800, 14000],
    warrantyYears: 3,
    lifeYears: 12,
    pmEveryMonths: 12,
    pm: [
      ["Annual water heater flush and anode inspection", "Flushed sediment, anode at 40%, tested T&P valve", null],
      ["Descale commercial water heater", "Descaled heat exchanger, verified 140°F setpoint and recirculation pump", null],
    ],
    repairs: [
      ["No hot water at the kitchen sinks", "Replaced failed thermocouple and relit pilot; recovery normal", "1x thermocouple"],
      ["Water heater T&P valve discharging", "Replaced T&P valve and thermal expansion tank", "1x T&P valve, 1x expansion tank"],
      ["Water pooling under water heater", "Leak from drain valve; replaced valve. Tank intact", "1x brass drain valve"],
    ],
    inspection: ["Water heater safety inspection", "Venting, gas connections and seismic strapping OK", null],
  },
  {
    name: "Generator",
    trade: "Generators",
    names: ["Standby Generator {kw} kW", "Emergency Generator #{n}"],
    makes: [
      { manufacturer: "Generac", models: ["SG150", "RG048", "MD200"], serialPrefix: "GNR" },
      { manufacturer: "Kohler", models: ["KD800", "60REZXC"], serialPrefix: "KOH" },
      { manufacturer: "Cummins", models: ["C150 D6", "C60 N6"], serialPrefix: "CMS" },
    ],
    cost: [28000, 140000],
    warrantyYears: 5,
    lifeYears: 25,
    pmEveryMonths: 6,
    meter: { name: "Engine Hours", unit: "hours", start: [40, 2500], perMonth: [2, 12], share: 0.9 },
    pm: [
      ["Semi-annual generator service", "Changed oil and filters, checked coolant and belts, exercised under load 30 minutes", "Oil filter, fuel filter, 3 gal 15W-40"],
      ["250-hour generator service", "Oil and filter change, battery load test passed, block heater OK", "Oil filter, air filter"],
    ],
    repairs: [
      ["Generator failed weekly exercise", "Battery failed load test; replaced battery and cleaned terminals", "1x Group 31 battery"],
      ["Generator block heater not working", "Replaced block heater element; coolant temperature back to 95°F at rest", "1x 1500W block heater"],
    ],
    inspection: ["Annual load bank test (2 h at 75%)", "Held voltage and frequency within spec; report sent to facilities", null],
  },
  {
    name: "Walk-in Freezer",
    trade: "Refrigeration",
    names: ["Walk-in Freezer", "Walk-in Freezer #{n}"],
    makes: [
      { manufacturer: "Kolpak", models: ["KF7-0810-FR", "QS7-0810-F"], serialPrefix: "KLP" },
      { manufacturer: "Norlake", models: ["KLF7710-C"], serialPrefix: "NL" },
      { manufacturer: "American Panel", models: ["AP-8X10-F"], serialPrefix: "APC" },
    ],
    cost: [9000, 26000],
    warrantyYears: 1,
    lifeYears: 15,
    pmEveryMonths: 3,
    pm: [
      ["Quarterly refrigeration maintenance", "Cleaned condenser coil, checked charge and defrost cycle, box holding -5°F", null],
      ["Freezer evaporator cleaning", "Cleaned evaporator, cleared drain line, verified drain heater", null],
    ],
    repairs: [
      ["Walk-in freezer temperature rising", "Evaporator fan motor seized; replaced motor, box back to -5°F within 2 hours", "1x evaporator fan motor"],
      ["Ice build-up on freezer evaporator", "Defrost termination thermostat failed; replaced and ran manual defrost", "1x defrost termination t-stat"],
      ["Freezer door not sealing", "Replaced torn door gasket and adjusted closer", "1x door gasket"],
    ],
    inspection: ["Refrigeration system inspection", "Pressures normal, no leaks found with electronic detector", null],
  },
  {
    name: "HVAC Unit",
    trade: "HVAC",
    names: ["Rooftop HVAC Unit #{n}", "RTU-{n}", "Split System AC – {area}"],
    areas: ["Front Office", "Server Room", "2nd Floor", "East Wing", "West Wing", "Lobby"],
    makes: [
      { manufacturer: "Carrier", models: ["48TC 10-ton", "50XC 7.5-ton", "24ACC636"], serialPrefix: "CAR" },
      { manufacturer: "Trane", models: ["Voyager YSC120", "Precedent YHC060", "XR15"], serialPrefix: "TRN" },
      { manufacturer: "Lennox", models: ["Energence LGH120", "XC21"], serialPrefix: "LNX" },
      { manufacturer: "Daikin", models: ["Rebel DPS010"], serialPrefix: "DKN" },
      { manufacturer: "CoolTech Industries", models: ["ClimateMax 5000"], serialPrefix: "HVAC" },
    ],
    cost: [7500, 32000],
    warrantyYears: 5,
    lifeYears: 18,
    pmEveryMonths: 3,
    meter: { name: "Compressor Run Hours", unit: "hours", start: [1000, 30000], perMonth: [120, 450], share: 0.35 },
    pm: [
      ["Quarterly filter replacement and system check", "Replaced air filters, cleaned condenser coils, checked refrigerant pressures", "4x 20x25x2 MERV 13 filters"],
      ["Spring cooling start-up", "Cleaned coils, replaced belt, verified economizer and superheat", "1x A-section belt, 4x filters"],
      ["Fall heating check", "Tested heat exchanger, igniter and flame sensor; gas pressure to spec", null],
    ],
    repairs: [
      ["Unit blowing warm air", "Failed run capacitor on the condenser fan; replaced and verified amperage", "1x 45/5 MFD capacitor"],
      ["Compressor contactor chattering", "Replaced pitted contactor and tightened low-voltage connections", "1x 2-pole 40A contactor"],
      ["Refrigerant leak at service valve", "Repaired leak, pulled vacuum and recharged 4 lb R-410A", "4 lb R-410A, valve core"],
      ["No heat on second floor", "Inducer pressure switch hose cracked; replaced hose and switch", "1x pressure switch"],
    ],
    inspection: ["Annual HVAC performance inspection", "All stages operating; recommended coil cleaning next visit", null],
  },
  {
    name: "Fire Panel",
    trade: "Fire Safety",
    names: ["Fire Alarm Control Panel – {area}", "Fire Alarm Panel"],
    areas: ["Main Entrance", "Lobby", "Mechanical Room", "Front Office"],
    makes: [
      { manufacturer: "Notifier", models: ["NFS2-3030", "NFS-320"], serialPrefix: "NTF" },
      { manufacturer: "Simplex", models: ["4100ES", "4007ES"], serialPrefix: "SPX" },
      { manufacturer: "Edwards", models: ["EST3", "iO500"], serialPrefix: "EST" },
    ],
    cost: [6000, 38000],
    warrantyYears: 3,
    lifeYears: 15,
    pmEveryMonths: 12,
    pm: [["Standby battery replacement", "Replaced standby batteries and ran 24-hour load calculation check", "2x 12V 18Ah batteries"]],
    repairs: [
      ["Panel showing ground fault trouble", "Found water-damaged junction box on loop 2; repaired wiring, trouble cleared", "1x junction box"],
      ["Smoke detector in trouble", "Replaced dirty detector head in corridor 214", "1x photoelectric detector"],
    ],
    inspection: ["NFPA 72 annual fire alarm inspection", "All initiating devices and notification appliances tested; report filed with the AHJ", null],
  },
  {
    name: "Ice Machine",
    trade: "Refrigeration",
    names: ["Ice Machine – {area}", "Ice Machine #{n}"],
    areas: ["Kitchen", "Bar", "Back of House", "Break Room"],
    makes: [
      { manufacturer: "Hoshizaki", models: ["KM-660MAJ", "KMD-460MAJ"], serialPrefix: "HSZ" },
      { manufacturer: "Manitowoc", models: ["IYT0500A", "NEO UDF0140A"], serialPrefix: "MAN" },
      { manufacturer: "Scotsman", models: ["C0530MA-1"], serialPrefix: "SCT" },
    ],
    cost: [3500, 9500],
    warrantyYears: 3,
    lifeYears: 10,
    pmEveryMonths: 6,
    meter: { name: "Harvest Cycles", unit: "cycles", start: [10000, 400000], perMonth: [2500, 6000], share: 0.5 },
    pm: [["Ice machine descale and sanitize", "Descaled evaporator, sanitized bin and water system, replaced water filter", "1x water filter cartridge"]],
    repairs: [
      ["Ice machine not harvesting", "Replaced stuck water inlet valve; harvest cycle normal", "1x water inlet valve"],
      ["Thin, cloudy ice", "Low water flow from clogged filter; replaced filter and cleaned distribution tube", "1x water filter cartridge"],
    ],
    inspection: ["Ice machine health inspection", "Bin and evaporator clean; no mold found", null],
  },
  {
    name: "Elevator",
    trade: "Elevators",
    names: ["Passenger Elevator #{n}", "Freight Elevator"],
    makes: [
      { manufacturer: "Otis", models: ["Gen2", "HydroFit"], serialPrefix: "OTS" },
      { manufacturer: "Kone", models: ["MonoSpace 500"], serialPrefix: "KNE" },
      { manufacturer: "Schindler", models: ["3300"], serialPrefix: "SCH" },
    ],
    cost: [60000, 180000],
    warrantyYears: 2,
    lifeYears: 25,
    pmEveryMonths: 1,
    meter: { name: "Trips", unit: "trips", start: [50000, 900000], perMonth: [3000, 15000], share: 0.8 },
    pm: [["Monthly elevator maintenance", "Lubricated rails, checked door operator and leveling, tested phone", null]],
    repairs: [
      ["Elevator stuck between floors", "Door restrictor switch out of adjustment; adjusted and returned car to service", null],
      ["Elevator doors reopening repeatedly", "Replaced failed light curtain", "1x light curtain pair"],
    ],
    inspection: ["Annual state elevator inspection", "Passed; certificate posted in the car", null],
  },
  {
    name: "Backflow Preventer",
    trade: "Plumbing",
    names: ["Backflow Preventer – Domestic Water", "Backflow Preventer – Fire Line", "Backflow Preventer – Irrigation"],
    makes: [
      { manufacturer: "Watts", models: ["LF909", "957 RPZ"], serialPrefix: "WTS" },
      { manufacturer: "Zurn Wilkins", models: ["375XL", "350 DCVA"], serialPrefix: "ZW" },
    ],
    cost: [900, 6500],
    warrantyYears: 1,
    lifeYears: 20,
    pmEveryMonths: 12,
    pm: [["Backflow assembly rebuild", "Rebuilt check valves and relief valve; assembly passed test", "1x rubber parts kit"]],
    repairs: [["Backflow preventer relief valve dumping", "Debris on check #1; cleaned seat and replaced disc", "1x check disc"]],
    inspection: ["Annual backflow test and certification", "Passed; test report submitted to the water department", null],
  },
  {
    name: "Air Compressor",
    trade: "General",
    names: ["Air Compressor #{n}", "Rotary Screw Compressor #{n}"],
    makes: [
      { manufacturer: "Ingersoll Rand", models: ["SS5L5", "R11i"], serialPrefix: "IR" },
      { manufacturer: "Quincy", models: ["QT-7.5", "QGS 15"], serialPrefix: "QCY" },
      { manufacturer: "Midmark", models: ["PowerAir P52"], serialPrefix: "MDM" },
    ],
    cost: [3000, 24000],
    warrantyYears: 2,
    lifeYears: 15,
    pmEveryMonths: 6,
    meter: { name: "Run Hours", unit: "hours", start: [500, 12000], perMonth: [60, 300], share: 0.8 },
    pm: [["Compressor service", "Replaced intake filter and desiccant, drained tank, tested safety valve", "1x intake filter, 1x desiccant cartridge"]],
    repairs: [
      ["Compressor shutting off on thermal overload", "Cooling fan blade cracked; replaced fan and cleaned cooler fins", "1x cooling fan"],
      ["Air leak at tank drain", "Replaced auto-drain valve", "1x auto-drain valve"],
    ],
    inspection: ["Pressure vessel inspection", "Tank wall thickness OK, relief valve tested", null],
  },
  {
    name: "Kitchen Exhaust Hood",
    trade: "Fire Safety",
    names: ["Kitchen Exhaust Hood – Cook Line", "Kitchen Hood #{n}"],
    makes: [
      { manufacturer: "CaptiveAire", models: ["5424ND-2-PSP"], serialPrefix: "CPT" },
      { manufacturer: "Greenheck", models: ["GHEW-12"], serialPrefix: "GRH" },
    ],
    cost: [8000, 30000],
    warrantyYears: 2,
    lifeYears: 20,
    pmEveryMonths: 6,
    pm: [["Semi-annual hood suppression service", "Replaced fusible links, tested pull station and gas shut-off, updated tag", "6x fusible links"]],
    repairs: [["Exhaust fan squealing at start-up", "Replaced worn belt and greased bearings", "1x B-section belt"]],
    inspection: ["Hood suppression system inspection", "System armed and tagged; nozzles capped and aimed", null],
  },
  {
    name: "Refrigerated Display Case",
    trade: "Refrigeration",
    names: ["Dairy Display Case #{n}", "Produce Case #{n}", "Frozen Food Case #{n}"],
    makes: [
      { manufacturer: "Hussmann", models: ["Excel M5X", "Impact RL"], serialPrefix: "HUS" },
      { manufacturer: "Hill Phoenix", models: ["ONZ", "Origin O5DM"], serialPrefix: "HPX" },
      { manufacturer: "True", models: ["TDM-48"], serialPrefix: "TRU" },
    ],
    cost: [6000, 18000],
    warrantyYears: 1,
    lifeYears: 12,
    pmEveryMonths: 3,
    pm: [["Quarterly case cleaning", "Cleaned honeycomb and coil, checked fans and defrost heaters", null]],
    repairs: [
      ["Display case frosting over", "Defrost heater open; replaced heater and termination sensor", "1x defrost heater"],
      ["Case temperature 48°F", "Expansion valve stuck; replaced TXV and recharged", "1x TXV, 2 lb R-448A"],
    ],
    inspection: ["Case temperature audit", "All case temperatures logged within range", null],
  },
  {
    name: "Sprinkler System",
    trade: "Fire Safety",
    names: ["Wet Sprinkler Riser – Zone {n}", "Dry Pipe Sprinkler System"],
    makes: [
      { manufacturer: "Viking", models: ["Model F-1 alarm valve"], serialPrefix: "VK" },
      { manufacturer: "Tyco", models: ["AV-1-300"], serialPrefix: "TYC" },
      { manufacturer: "Reliable", models: ["Model EX"], serialPrefix: "RLB" },
    ],
    cost: [12000, 60000],
    warrantyYears: 1,
    lifeYears: 40,
    pmEveryMonths: 3,
    pm: [["Quarterly sprinkler inspection", "Checked gauges, valves, alarm devices; main drain test normal", null]],
    repairs: [["Sprinkler head leaking", "Replaced corroded pendent head in storage room", "1x K5.6 pendent head"]],
    inspection: ["NFPA 25 annual sprinkler inspection", "Passed; 5-year internal pipe inspection due next year", null],
  },
  {
    name: "Emergency Lighting",
    trade: "Electrical",
    names: ["Emergency Lighting & Exit Signs – {area}", "Emergency Lighting System"],
    areas: ["Building", "East Wing", "West Wing", "Stairwells"],
    makes: [
      { manufacturer: "Lithonia", models: ["ELM2 LED", "LQM S W 3 R"], serialPrefix: "LTH" },
      { manufacturer: "Dual-Lite", models: ["EZ-2"], serialPrefix: "DL" },
    ],
    cost: [1500, 7000],
    warrantyYears: 3,
    lifeYears: 10,
    pmEveryMonths: 12,
    pm: [["Emergency light battery replacement", "Replaced 6 failed batteries, all units passed 90-minute test", "6x 6V 4.5Ah batteries"]],
    repairs: [["Exit sign dark in stairwell B", "Replaced failed exit sign", "1x LED exit sign"]],
    inspection: ["Monthly 30-second emergency lighting test", "All units illuminated; log updated", null],
  },
  {
    name: "Electrical Panel",
    trade: "Electrical",
    names: ["Main Switchboard MSB", "Distribution Panel {letter}"],
    makes: [
      { manufacturer: "Square D", models: ["QO 42-circuit", "NF 400A", "I-Line"], serialPrefix: "SQD" },
      { manufacturer: "Eaton", models: ["Pow-R-Line PRL1a"], serialPrefix: "ETN" },
      { manufacturer: "Siemens", models: ["P1 Panelboard"], serialPrefix: "SIE" },
    ],
    cost: [2500, 45000],
    warrantyYears: 1,
    lifeYears: 30,
    pmEveryMonths: 12,
    pm: [["Panel torque check and cleaning", "Re-torqued lugs to spec, vacuumed enclosure", null]],
    repairs: [
      ["Breaker tripping on kitchen circuit", "Overloaded circuit; moved the prep cooler to a new dedicated circuit", "1x 20A breaker"],
      ["Burning smell at panel", "Loose neutral lug overheated; replaced lug and damaged conductor", "1x neutral lug kit"],
    ],
    inspection: ["Infrared thermographic scan", "No hot spots above 10°C rise; report with images sent", null],
  },
  {
    name: "Walk-in Cooler",
    trade: "Refrigeration",
    names: ["Walk-in Cooler", "Walk-in Cooler #{n}"],
    makes: [
      { manufacturer: "Kolpak", models: ["KT7-0810-CT", "QS7-0810-C"], serialPrefix: "KLP" },
      { manufacturer: "Norlake", models: ["KLB7710-C"], serialPrefix: "NL" },
    ],
    cost: [7000, 20000],
    warrantyYears: 1,
    lifeYears: 15,
    pmEveryMonths: 3,
    pm: [["Quarterly cooler maintenance", "Cleaned condenser, checked charge, box holding 36°F", null]],
    repairs: [
      ["Walk-in cooler at 45°F", "Condensing unit fan motor failed; replaced, box recovered to 37°F", "1x condenser fan motor"],
      ["Water leaking from cooler ceiling", "Frozen drain line; cleared and added heat tape", "10 ft drain line heat tape"],
    ],
    inspection: ["Walk-in cooler inspection", "Door heaters, gaskets and strip curtains OK", null],
  },
];

/** Equipment a site of each kind has, most typical first. */
export const CATEGORY_EQUIPMENT: Readonly<Record<Category, readonly string[]>> = {
  restaurant: ["Walk-in Cooler", "Walk-in Freezer", "Kitchen Exhaust Hood", "Ice Machine", "Water Heater", "HVAC Unit"],
  clinic: ["HVAC Unit", "Water Heater", "Air Compressor", "Generator", "Fire Panel", "Emergency Lighting"],
  school: ["Boiler", "HVAC Unit", "Fire Panel", "Emergency Lighting", "Water Heater", "Elevator", "Walk-in Cooler"],
  property: ["Boiler", "Water Heater", "Elevator", "Fire Panel", "Backflow Preventer", "Sprinkler System", "HVAC Unit"],
  office: ["HVAC Unit", "Electrical Panel", "Fire Panel", "Generator", "Elevator", "Emergency Lighting"],
  warehouse: ["HVAC Unit", "Sprinkler System", "Electrical Panel", "Air Compressor", "Fire Panel", "Walk-in Freezer"],
  grocery: ["Refrigerated Display Case", "Walk-in Cooler", "Walk-in Freezer", "HVAC Unit", "Ice Machine", "Generator"],
  retail: ["HVAC Unit", "Fire Panel", "Electrical Panel", "Emergency Lighting", "Water Heater"],
  hotel: ["Boiler", "HVAC Unit", "Elevator", "Ice Machine", "Water Heater", "Kitchen Exhaust Hood", "Fire Panel", "Generator"],
  church: ["Boiler", "HVAC Unit", "Fire Panel", "Water Heater"],
  gym: ["HVAC Unit", "Water Heater", "Boiler", "Electrical Panel"],
  manufacturing: ["Air Compressor", "Electrical Panel", "Generator", "HVAC Unit", "Sprinkler System", "Backflow Preventer"],
  datacenter: ["Generator", "HVAC Unit", "Electrical Panel", "Fire Panel"],
};

/* ---------- jobs ---------- */

export type JobKind = "repair" | "emergency" | "maintenance" | "inspection" | "install";

export interface JobTemplate {
  title: string;
  description: string;
  kind: JobKind;
  trade: Trade;
  /** Asset type the job is about; the job links matching assets at the site. */
  assetType?: string;
  /** Only for these kinds of customer. */
  only?: readonly Category[];
}

export const JOB_TEMPLATES: readonly JobTemplate[] = [
  { title: "AC unit not cooling", description: "Tenant reports the rooftop unit blowing warm air since this morning; space at 81°F with thermostat at 72°F. Check refrigerant charge, contactor and condenser fan motor.", kind: "repair", trade: "HVAC", assetType: "HVAC Unit" },
  { title: "Quarterly HVAC preventive maintenance", description: "Replace filters, inspect belts, clean condenser coils, check refrigerant pressures and verify economizer operation on all rooftop units.", kind: "maintenance", trade: "HVAC", assetType: "HVAC Unit" },
  { title: "Heat pump short cycling", description: "Unit cycles on and off every 3–4 minutes. Check thermostat location, charge and the defrost board.", kind: "repair", trade: "HVAC", assetType: "HVAC Unit" },
  { title: "No heat on second floor", description: "No heat upstairs since the overnight setback. Inducer runs but burners do not light; check flame sensor, igniter and pressure switch.", kind: "emergency", trade: "HVAC", assetType: "HVAC Unit" },
  { title: "Thermostat replacement", description: "Replace the failed programmable thermostat in the front office with a Wi-Fi model and set the occupied/unoccupied schedule.", kind: "repair", trade: "HVAC" },
  { title: "New rooftop unit installation", description: "Set the new packaged rooftop unit on the existing curb (crane booked), connect gas and power, commission and start up.", kind: "install", trade: "HVAC", assetType: "HVAC Unit" },
  { title: "Boiler annual inspection", description: "Annual state-required boiler inspection: low-water cutoff, relief valve, combustion analysis and flue. Inspector on site at 9:00.", kind: "inspection", trade: "HVAC", assetType: "Boiler" },
  { title: "Boiler pressure dropping", description: "Building engineer reports boiler pressure falling from 15 psi to 5 psi overnight. Look for leaks at zone valves and the expansion tank.", kind: "repair", trade: "HVAC", assetType: "Boiler" },
  { title: "Water heater leaking", description: "Water pooling under the water heater in the utility room. Check the T&P valve and drain valve; quote a replacement if the tank is compromised.", kind: "repair", trade: "Plumbing", assetType: "Water Heater" },
  { title: "No hot water in kitchen", description: "Kitchen staff report no hot water at the three-compartment sink since opening; health inspection risk. Check pilot, gas valve and thermocouple.", kind: "emergency", trade: "Plumbing", assetType: "Water Heater", only: ["restaurant", "hotel", "school"] },
  { title: "Water heater replacement", description: "Remove the failed water heater, install the new unit, bring venting and seismic straps up to code and haul the old tank away.", kind: "install", trade: "Plumbing", assetType: "Water Heater" },
  { title: "Backflow preventer annual test", description: "Annual backflow assembly test and certification; submit the test report to the water department.", kind: "inspection", trade: "Plumbing", assetType: "Backflow Preventer" },
  { title: "Clogged main drain", description: "Floor drains backing up in the back of house. Snake the main line from the cleanout; camera-inspect if the blockage returns.", kind: "emergency", trade: "Plumbing" },
  { title: "Grease trap service", description: "Scheduled grease interceptor pump-out and inspection; record the volume removed for the city FOG log.", kind: "maintenance", trade: "Plumbing", only: ["restaurant", "hotel"] },
  { title: "Replace restroom flush valves", description: "Replace worn flushometer diaphragms on four toilets in the public restrooms.", kind: "repair", trade: "Plumbing" },
  { title: "Breaker tripping on kitchen circuit", description: "The 20A breaker for the prep line trips several times a day. Check the load, test the breaker and inspect receptacles.", kind: "repair", trade: "Electrical", assetType: "Electrical Panel" },
  { title: "Parking lot lights out", description: "Six of ten pole lights in the rear lot are out. Replace lamps and ballasts or quote an LED retrofit.", kind: "repair", trade: "Electrical" },
  { title: "Emergency lighting monthly test", description: "30-second functional test of all emergency lights and exit signs; replace failed batteries and update the log.", kind: "inspection", trade: "Electrical", assetType: "Emergency Lighting" },
  { title: "Electrical panel infrared scan", description: "Annual thermographic scan of the main switchgear and distribution panels; report hot spots with photos.", kind: "inspection", trade: "Electrical", assetType: "Electrical Panel" },
  { title: "Install dedicated circuit for new equipment", description: "Run a new 208V/30A dedicated circuit from panel B for the new combi oven.", kind: "install", trade: "Electrical", only: ["restaurant", "hotel"] },
  { title: "Generator load bank test", description: "Annual 2-hour load bank test of the standby generator at 75% load; record voltage, frequency and coolant temperature.", kind: "inspection", trade: "Generators", assetType: "Generator" },
  { title: "Generator failed weekly exercise", description: "Generator did not start during its weekly exercise; the controller shows a low battery fault.", kind: "repair", trade: "Generators", assetType: "Generator" },
  { title: "Generator oil and filter service", description: "250-hour service: change oil and filters, check coolant, belts and block heater.", kind: "maintenance", trade: "Generators", assetType: "Generator" },
  { title: "Walk-in freezer temperature high", description: "Walk-in freezer reading 18°F and rising; product moved to reach-ins. Check the evaporator fan, defrost timer and condenser.", kind: "emergency", trade: "Refrigeration", assetType: "Walk-in Freezer" },
  { title: "Walk-in cooler not holding temperature", description: "Cooler at 45°F this morning (should be 36–38°F). Check the condensing unit and door gaskets; log product temperatures.", kind: "emergency", trade: "Refrigeration", assetType: "Walk-in Cooler" },
  { title: "Walk-in door gasket replacement", description: "Door gasket torn and not sealing; frost building around the frame. Replace the gasket and adjust the closer.", kind: "repair", trade: "Refrigeration", assetType: "Walk-in Freezer" },
  { title: "Ice machine not producing ice", description: "Ice machine makes thin, cloudy ice and the bin is nearly empty. Descale, sanitize and check the water inlet valve.", kind: "repair", trade: "Refrigeration", assetType: "Ice Machine" },
  { title: "Refrigeration preventive maintenance", description: "Clean condenser coils, check refrigerant levels, inspect door gaskets and verify temperature alarms on all walk-ins and reach-ins.", kind: "maintenance", trade: "Refrigeration", assetType: "Walk-in Cooler" },
  { title: "Display case frosting over", description: "Dairy display case evaporator iced up and case temperature at 48°F. Check defrost heaters and the termination thermostat.", kind: "repair", trade: "Refrigeration", assetType: "Refrigerated Display Case" },
  { title: "Annual fire alarm inspection", description: "NFPA 72 annual inspection and test of the fire alarm panel, initiating devices and notification appliances; report for the fire marshal.", kind: "inspection", trade: "Fire Safety", assetType: "Fire Panel" },
  { title: "Fire panel trouble signal", description: "Panel showing a ground fault trouble on loop 2 since last night. Isolate and repair; keep the monitoring company informed.", kind: "repair", trade: "Fire Safety", assetType: "Fire Panel" },
  { title: "Sprinkler system quarterly inspection", description: "Quarterly inspection of sprinkler risers, gauges, valves and a main drain test per NFPA 25.", kind: "inspection", trade: "Fire Safety", assetType: "Sprinkler System" },
  { title: "Kitchen hood suppression inspection", description: "Semi-annual inspection of the hood fire suppression system; replace fusible links and update the tag.", kind: "inspection", trade: "Fire Safety", assetType: "Kitchen Exhaust Hood" },
  { title: "Fire extinguisher annual service", description: "Annual inspection and tagging of all portable extinguishers; six-year maintenance where due.", kind: "inspection", trade: "Fire Safety" },
  { title: "Elevator annual inspection", description: "Annual elevator safety inspection with the state inspector; make sure the machine room is unlocked.", kind: "inspection", trade: "Elevators", assetType: "Elevator" },
  { title: "Elevator stuck between floors", description: "Car stopped between floors 3 and 4; no passengers inside. Reset the controller and find the fault.", kind: "emergency", trade: "Elevators", assetType: "Elevator" },
  { title: "Air compressor overheating", description: "Compressor shuts off on thermal overload in the afternoons. Check the intake filter, cooling fan and duty cycle.", kind: "repair", trade: "General", assetType: "Air Compressor" },
  { title: "Compressor preventive maintenance", description: "Replace the intake filter and desiccant, drain the tank, check the pressure switch and safety valve.", kind: "maintenance", trade: "General", assetType: "Air Compressor" },
  { title: "Site survey for equipment replacement", description: "Walk the site with the facilities manager to scope replacement of aging equipment and prepare a quote.", kind: "inspection", trade: "General" },
  { title: "Ceiling tile water stain investigation", description: "Brown stains spreading on ceiling tiles near the conference room after rain. Find the source (roof drain, condensate line or pipe).", kind: "repair", trade: "General" },
];

export const HOLD_REASONS_STARTED = [
  "On hold: waiting on a replacement compressor (ETA 5–7 business days).",
  "On hold: part on order from the distributor; temporary fix in place.",
  "On hold: needs a second technician and a lift to finish.",
] as const;

export const HOLD_REASONS_NOT_STARTED = [
  "On hold: customer asked to reschedule after their inspection.",
  "On hold: waiting for the customer's purchase order.",
  "On hold: site closed for renovation until further notice.",
] as const;

export const CANCEL_REASONS = [
  "Cancelled: customer resolved the issue in-house.",
  "Cancelled: duplicate of an existing work order.",
  "Cancelled: customer chose another contractor for this work.",
] as const;

export const LOST_NOTES = [
  "Could not be located during the spring asset audit; last seen in the basement storage room.",
  "Missing after the site renovation; the general contractor has been asked to check their yard.",
] as const;
