/**
 * Vocabulary of the JobNimbus demo accounts: a Front Range roofing and storm-restoration contractor
 * (Summit) and a central-Ohio home-exterior service company (Brightside). People, companies and insurers
 * are fictional; cities and ZIP codes are real; phone numbers use the 555-01xx range reserved for fiction;
 * emails use example.* domains. seed.ts draws from these lists with the seeded PRNG.
 */
import { BRIGHTSIDE, SUMMIT, type AccountDef } from "./accounts.js";

export interface City {
  city: string;
  state: string;
  zips: readonly string[];
  lat: number;
  lon: number;
}

export const FIRST_NAMES = [
  "James", "Maria", "Robert", "Jennifer", "Michael", "Linda", "David", "Elizabeth", "William", "Patricia", "Daniel", "Susan",
  "Matthew", "Jessica", "Anthony", "Sarah", "Mark", "Karen", "Steven", "Nancy", "Andrew", "Lisa", "Joshua", "Betty",
  "Kevin", "Ashley", "Brian", "Emily", "Jose", "Kimberly", "Ryan", "Michelle", "Eric", "Amanda", "Jacob", "Melissa",
  "Nicholas", "Stephanie", "Jonathan", "Rebecca", "Justin", "Laura", "Brandon", "Hannah", "Samuel", "Olivia", "Gregory",
  "Megan", "Aaron", "Rachel", "Carlos", "Priya", "Wei", "Fatima", "Hiroshi", "Aisha", "Mateo", "Sofia", "Nguyen", "Ingrid",
] as const;

export const LAST_NAMES = [
  "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez", "Hernandez",
  "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson",
  "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright",
  "Scott", "Torres", "Nguyen", "Hill", "Flores", "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell",
  "Mitchell", "Carter", "Roberts", "Gomez", "Phillips", "Evans", "Turner", "Diaz", "Parker", "Cruz", "Edwards", "Collins",
  "Reyes", "Stewart", "Morris", "Morales", "Murphy", "Cook", "Rogers", "Gutierrez", "Ortiz", "Morgan", "Cooper", "Peterson",
  "Bailey", "Reed", "Kelly", "Howard", "Kim", "Cox", "Ward", "Richardson", "Watson", "Brooks", "Chavez", "Wood", "Bennett",
  "Gray", "Mendoza", "Ruiz", "Hughes", "Price", "Alvarez", "Castillo", "Sanders", "Patel", "Myers", "Long", "Ross", "Foster",
  "Jimenez", "Olsen", "Schmidt", "Kowalczyk", "Novak", "Haugen", "Lindgren", "Okafor", "Tanaka", "Yamamoto", "Sato",
] as const;

export const STREET_SUFFIXES = ["St", "Ave", "Dr", "Ct", "Ln", "Way", "Pl", "Rd", "Cir", "Blvd"] as const;

export const EMAIL_DOMAINS = ["example.com", "example.net", "example.org"] as const;

export interface Company {
  name: string;
  contact: readonly [string, string];
  /** Contact workflow and status the company sits in. */
  workflow: string;
  status: string;
  /** Sub-contractors and adjusters are not the customer of a job. */
  role: "customer" | "adjuster" | "subcontractor";
}

export interface WorkTemplate {
  /** Job name suffix ("Roof Replacement") or, for companies, the work. */
  work: string;
  /** Description with {placeholders} filled by the seeder. */
  description: string;
  /** Range of the approved estimate, dollars. */
  estimate: readonly [number, number];
}

export interface JobKind {
  workflow: string;
  /** Relative share of the job board. */
  weight: number;
  customer: "person" | "company";
  work: readonly WorkTemplate[];
}

export interface TaskAt {
  /** Entering this status books the task. */
  status: string;
  type: string;
  title: string;
  /** Days after entering the status that the task is set for. */
  afterDays: readonly [number, number];
  durationHours: number;
}

export interface WorkflowStory {
  /** Current-status mix of the board (statuses not listed do not occur as current). */
  weights: Readonly<Record<string, number>>;
  /** From this status on the job has a work window (date_start/date_end). */
  scheduledAt: string;
  /** Days between status changes. */
  stepDays: readonly [number, number];
  /** Days the work itself takes. */
  workDays: readonly [number, number];
  /** Notes written on entering a status (one is picked at random, with the given chance). */
  notes: Readonly<Record<string, readonly string[]>>;
  tasks: readonly TaskAt[];
  /** Photo filenames come from this stage onwards. */
  photosFrom?: string;
}

export interface PersonStatuses {
  workflow: string;
  noJobs: string;
  early: string;
  active: string;
  past: string;
  closedOut: string;
}

export interface Flavor {
  account: AccountDef;
  cities: readonly City[];
  areaCodes: readonly string[];
  persons: number;
  jobs: number;
  companies: readonly Company[];
  personStatuses: PersonStatuses;
  kinds: readonly JobKind[];
  stories: Readonly<Record<string, WorkflowStory>>;
  /** Notes that fit any open job. */
  generalNotes: readonly string[];
  /** Local time offset from UTC in hours (work starts at 7:30 local). */
  utcOffset: number;
  insurers?: readonly string[];
}

/* ---------- Summit Roofing & Restoration (Denver metro) ---------- */

const DENVER_CITIES: readonly City[] = [
  { city: "Denver", state: "CO", zips: ["80205", "80210", "80218", "80220", "80223", "80224", "80230", "80237", "80246"], lat: 39.7392, lon: -104.9903 },
  { city: "Aurora", state: "CO", zips: ["80010", "80012", "80013", "80014", "80015", "80016"], lat: 39.7294, lon: -104.8319 },
  { city: "Lakewood", state: "CO", zips: ["80226", "80227", "80228", "80232"], lat: 39.7047, lon: -105.0814 },
  { city: "Littleton", state: "CO", zips: ["80120", "80122", "80123", "80127", "80128"], lat: 39.6133, lon: -105.0166 },
  { city: "Arvada", state: "CO", zips: ["80002", "80003", "80004", "80005"], lat: 39.8028, lon: -105.0875 },
  { city: "Westminster", state: "CO", zips: ["80030", "80031", "80234"], lat: 39.8367, lon: -105.0372 },
  { city: "Centennial", state: "CO", zips: ["80015", "80016", "80121", "80122"], lat: 39.5807, lon: -104.8772 },
  { city: "Highlands Ranch", state: "CO", zips: ["80126", "80129", "80130"], lat: 39.554, lon: -104.9694 },
  { city: "Parker", state: "CO", zips: ["80134", "80138"], lat: 39.5186, lon: -104.7614 },
  { city: "Castle Rock", state: "CO", zips: ["80104", "80108", "80109"], lat: 39.3722, lon: -104.8561 },
  { city: "Thornton", state: "CO", zips: ["80229", "80233", "80241"], lat: 39.868, lon: -104.9719 },
  { city: "Broomfield", state: "CO", zips: ["80020", "80023"], lat: 39.9205, lon: -105.0867 },
  { city: "Golden", state: "CO", zips: ["80401", "80403"], lat: 39.7555, lon: -105.2211 },
];

const DENVER_STREETS = [
  "Elm", "Dahlia", "Monaco", "Quebec", "Yosemite", "Krameria", "Holly", "Grape", "Fairfax", "Jasmine", "Kearney", "Niagara",
  "Oneida", "Poplar", "Tamarac", "Ulster", "Xenia", "Yale", "Evans", "Iliff", "Jewell", "Mississippi", "Florida", "Arapahoe",
  "Belleview", "Quincy", "Dry Creek", "Mineral", "Wadsworth", "Kipling", "Garrison", "Pierce", "Sheridan", "Ralston",
  "Pecos", "Huron", "Clay", "Federal", "Bowles", "Coal Mine", "Chatfield", "Platte Canyon", "Lookout", "Columbine",
] as const;

export const SHINGLES = ["GAF Timberline HDZ", "Owens Corning Duration", "CertainTeed Landmark", "Malarkey Vista", "IKO Dynasty", "Atlas Pinnacle Pristine"] as const;
export const SHINGLE_COLORS = ["Charcoal", "Weathered Wood", "Pewter Gray", "Driftwood", "Onyx Black", "Barkwood", "Slate", "Hickory"] as const;
export const SLOPES = ["north", "south", "east", "west", "front", "rear"] as const;

const SUMMIT_COMPANIES: readonly Company[] = [
  { name: "Cherry Creek Property Group", contact: ["Lauren", "Whitfield"], workflow: "Customer", status: "Active Customer", role: "customer" },
  { name: "Front Range HOA Management", contact: ["Greg", "Halvorsen"], workflow: "Customer", status: "Active Customer", role: "customer" },
  { name: "Mile High Self Storage", contact: ["Tanya", "Brennan"], workflow: "Customer", status: "Active Customer", role: "customer" },
  { name: "St. Andrew Lutheran Church", contact: ["Paul", "Ekstrom"], workflow: "Customer", status: "Past Customer", role: "customer" },
  { name: "Belleview Square Shopping Center", contact: ["Monica", "Duarte"], workflow: "Customer", status: "Active Customer", role: "customer" },
  { name: "Lakewood Commons Apartments", contact: ["Victor", "Stahl"], workflow: "Customer", status: "Active Customer", role: "customer" },
  { name: "Arapahoe Business Park", contact: ["Heather", "Lindquist"], workflow: "Customer", status: "Prospect", role: "customer" },
  { name: "Highlands Ranch Community Assn", contact: ["Doug", "Pemberton"], workflow: "Customer", status: "Active Customer", role: "customer" },
  { name: "Red Rocks Dental Group", contact: ["Anita", "Sorensen"], workflow: "Customer", status: "Past Customer", role: "customer" },
  { name: "Centennial Auto Plaza", contact: ["Rick", "Calloway"], workflow: "Customer", status: "Prospect", role: "customer" },
  { name: "Golden Ridge Condominiums", contact: ["Nora", "Fairbanks"], workflow: "Customer", status: "Active Customer", role: "customer" },
  { name: "Aurora Medical Offices LLC", contact: ["Samir", "Haddad"], workflow: "Customer", status: "Active Customer", role: "customer" },
  { name: "Platte River Warehousing", contact: ["Joel", "Mercer"], workflow: "Customer", status: "Past Customer", role: "customer" },
  { name: "Westminster Plaza Partners", contact: ["Brenda", "Quist"], workflow: "Customer", status: "Prospect", role: "customer" },
  { name: "Colfax Lofts HOA", contact: ["Trevor", "Ng"], workflow: "Customer", status: "Active Customer", role: "customer" },
  { name: "Parker Grace Fellowship", contact: ["Ellen", "Marsh"], workflow: "Customer", status: "Active Customer", role: "customer" },
  { name: "Broomfield Tech Center", contact: ["Oscar", "Villanueva"], workflow: "Customer", status: "Prospect", role: "customer" },
  { name: "Castle Pines Retail LLC", contact: ["Gina", "Holloway"], workflow: "Customer", status: "Active Customer", role: "customer" },
  { name: "Evergreen Senior Living", contact: ["Harold", "Vance"], workflow: "Customer", status: "Past Customer", role: "customer" },
  { name: "Thornton Crossing HOA", contact: ["Lisa", "Abernathy"], workflow: "Customer", status: "Active Customer", role: "customer" },
  { name: "Front Range Mutual", contact: ["Craig", "Dunleavy"], workflow: "Insurance Adjuster", status: "Active", role: "adjuster" },
  { name: "Peak Country Insurance", contact: ["Shannon", "Ward"], workflow: "Insurance Adjuster", status: "Active", role: "adjuster" },
  { name: "Summit Casualty Co.", contact: ["Ben", "Okonkwo"], workflow: "Insurance Adjuster", status: "Active", role: "adjuster" },
  { name: "Great Plains Indemnity", contact: ["Kristin", "Maas"], workflow: "Insurance Adjuster", status: "Active", role: "adjuster" },
  { name: "Rocky Mountain Home Insurance", contact: ["Dev", "Raman"], workflow: "Insurance Adjuster", status: "Active", role: "adjuster" },
  { name: "Mile High Gutter Co.", contact: ["Andre", "Fontaine"], workflow: "Sub-Contractor", status: "Approved", role: "subcontractor" },
  { name: "Foothills Sheet Metal", contact: ["Wes", "Tillman"], workflow: "Sub-Contractor", status: "Approved", role: "subcontractor" },
  { name: "Alpine Dumpster Rental", contact: ["Marta", "Kovac"], workflow: "Sub-Contractor", status: "Approved", role: "subcontractor" },
  { name: "Precision Solar Detach & Reset", contact: ["Jordan", "Beck"], workflow: "Sub-Contractor", status: "Approved", role: "subcontractor" },
  { name: "Budget Skylight Guys", contact: ["Ronnie", "Pratt"], workflow: "Sub-Contractor", status: "Not Approved", role: "subcontractor" },
];

const SUMMIT_KINDS: readonly JobKind[] = [
  {
    workflow: "Residential Roofing",
    weight: 52,
    customer: "person",
    work: [
      { work: "Roof Replacement", description: "Tear off 1 layer, install {sq} sq {shingle} in {color}; synthetic underlayment, ice & water at eaves and valleys, new drip edge and pipe boots.", estimate: [11000, 29000] },
      { work: "Roof Repair", description: "Wind damage on the {slope} slope: replace about {count} missing shingles, reseal ridge cap, check nail pops.", estimate: [450, 2200] },
      { work: "Leak Repair", description: "Active leak above the {room}; inspect and re-flash around the {feature}, replace damaged decking as needed.", estimate: [600, 3400] },
      { work: "Skylight Replacement", description: "Replace {count} fogged skylights with Velux curb-mount units, new flashing kits.", estimate: [2400, 7800] },
      { work: "Attic Ventilation", description: "Add {count} box vents and continuous ridge vent; attic reads 140°F in July.", estimate: [900, 3200] },
    ],
  },
  {
    workflow: "Insurance Restoration",
    weight: 33,
    customer: "person",
    work: [
      { work: "Hail Claim - Roof", description: "Hail up to {hail}\" on {storm}. Claim {claim} with {carrier}. Roof {sq} sq, {shingle} in {color}.", estimate: [13000, 34000] },
      { work: "Hail Claim - Roof & Gutters", description: "Hail {hail}\" on {storm}. Claim {claim} with {carrier}. Roof {sq} sq plus {lf} lf of 6\" seamless gutters.", estimate: [16000, 41000] },
      { work: "Wind Claim", description: "Wind event on {storm} lifted shingles on the {slope} slope. Claim {claim} with {carrier}.", estimate: [4000, 18000] },
      { work: "Hail Claim - Roof, Siding & Windows", description: "Hail {hail}\" on {storm}. Claim {claim} with {carrier}. Roof {sq} sq, {count} window screens, siding on {slope} elevation.", estimate: [24000, 58000] },
    ],
  },
  {
    workflow: "Commercial",
    weight: 15,
    customer: "company",
    work: [
      { work: "TPO Re-roof", description: "Remove existing BUR, install 60 mil TPO mechanically attached over 2\" polyiso, about {sqft} sq ft.", estimate: [85000, 340000] },
      { work: "Roof Coating", description: "Silicone restoration coating over existing modified bitumen, {sqft} sq ft, 10-year warranty.", estimate: [38000, 140000] },
      { work: "Metal Roof Repair", description: "Reseal {count} standing-seam panel laps and replace failed fasteners along the eave.", estimate: [6000, 28000] },
      { work: "Drain & Scupper Repair", description: "Clear and re-flash {count} roof drains; replace rusted scupper at the loading dock.", estimate: [3500, 14000] },
      { work: "Annual Roof Maintenance", description: "Annual inspection and maintenance of {sqft} sq ft: debris removal, seam probe, report with photos.", estimate: [1800, 6500] },
    ],
  },
];

const SUMMIT_STORIES: Readonly<Record<string, WorkflowStory>> = {
  "Residential Roofing": {
    weights: { Lead: 8, "Inspection Scheduled": 6, "Estimate Sent": 8, "Contract Signed": 4, "Pending Permit": 1, "Materials Ordered": 3, "Install Scheduled": 5, "In Progress": 2, "Final Walkthrough": 2, Invoiced: 5, Paid: 40, Lost: 14 },
    scheduledAt: "Install Scheduled",
    stepDays: [1, 9],
    workDays: [1, 3],
    photosFrom: "Estimate Sent",
    notes: {
      Lead: ["{source} lead. Homeowner asked for a free roof inspection.", "Called {first} back, left voicemail to schedule an inspection."],
      "Inspection Scheduled": ["Inspection booked with {first} for {day} morning.", "{rep} will inspect; homeowner says the {room} ceiling has a water stain."],
      "Estimate Sent": ["Sent estimate for {sq} sq {shingle}; {first} reviewing with spouse.", "Estimate emailed. Offered the 5% spring discount."],
      "Contract Signed": ["Contract signed, 30% deposit received.", "{first} chose {shingle} in {color}. Contract signed on site."],
      "Materials Ordered": ["Materials ordered from ABC Supply, delivery {day}.", "Ordered {sq} sq {shingle} {color}, drip edge, pipe boots; dumpster booked."],
      "Install Scheduled": ["Install set for {day}; crew {crew}. Told {first} to move cars out of the driveway.", "Permit pulled. Install scheduled, weather looks clear."],
      "In Progress": ["Crew of 5 on site at 7:30; tear-off done by noon, 2 sheets of decking replaced.", "Dry-in complete, shingles going on this afternoon."],
      "Final Walkthrough": ["Walkthrough with {first}: magnet sweep done, gutters cleaned out.", "Final photos taken; homeowner happy with the {color} color."],
      Invoiced: ["Final invoice sent, balance due on receipt.", "Invoice sent with warranty registration."],
      Paid: ["Final payment received by check. Warranty registered with the manufacturer.", "Paid in full. Asked {first} for a Google review."],
      Lost: ["{first} went with another contractor on price.", "Homeowner decided to wait until next year."],
    },
    tasks: [
      { status: "Inspection Scheduled", type: "Inspection", title: "Roof inspection - {name}", afterDays: [1, 5], durationHours: 1 },
      { status: "Materials Ordered", type: "Material Delivery", title: "Material drop - {name}", afterDays: [2, 6], durationHours: 1 },
      { status: "Install Scheduled", type: "Install Day", title: "Install - {name}", afterDays: [3, 12], durationHours: 9 },
      { status: "Estimate Sent", type: "Follow-up Call", title: "Follow up on estimate - {name}", afterDays: [3, 7], durationHours: 0.5 },
      { status: "Final Walkthrough", type: "Final Walkthrough", title: "Walkthrough - {name}", afterDays: [0, 2], durationHours: 1 },
    ],
  },
  "Insurance Restoration": {
    weights: { "Storm Lead": 7, "Inspection Scheduled": 5, "Claim Filed": 6, "Adjuster Meeting": 5, "Claim Approved": 4, "Supplement Submitted": 3, "Build Scheduled": 4, "In Progress": 2, "Depreciation Pending": 5, Invoiced: 3, "Closed - Paid": 40, "Claim Denied": 12 },
    scheduledAt: "Build Scheduled",
    stepDays: [2, 14],
    workDays: [1, 4],
    photosFrom: "Inspection Scheduled",
    notes: {
      "Storm Lead": ["{source} after the {storm} hail storm; visible dents on the gutters.", "Homeowner reports granules in the downspouts after the storm."],
      "Inspection Scheduled": ["Inspection set for {day}; {rep} will chalk test squares.", "Booked inspection, {first} will be home after 3pm."],
      "Claim Filed": ["{first} filed claim {claim} with {carrier}.", "Claim {claim} opened; waiting for adjuster assignment."],
      "Adjuster Meeting": ["Adjuster meeting on {day} at 10am; {rep} to attend with ladder and photos.", "Met {adjuster} on site, {hits} hits per test square on the {slope} slope."],
      "Claim Approved": ["{carrier} approved full replacement; ACV check received.", "Scope approved: roof {sq} sq, gutters and screens. Waiting on mortgage endorsement."],
      "Supplement Submitted": ["Supplement sent for drip edge, ice & water and O&P.", "Supplemented 2 extra squares and steep charge; Xactimate attached."],
      "Build Scheduled": ["Build scheduled for {day}; crew {crew}.", "Materials ordered; HOA approved the {color} color."],
      "In Progress": ["Tear-off under way; decking in good shape.", "Crew on site, gutters going on tomorrow."],
      "Depreciation Pending": ["Certificate of completion sent to {carrier} to release depreciation.", "Waiting on recoverable depreciation check."],
      Invoiced: ["Final invoice sent for the deductible and depreciation.", "Invoice sent; mortgage company needs an inspection before endorsing."],
      "Closed - Paid": ["Depreciation released and deposited. Job closed.", "All funds received; warranty letter mailed."],
      "Claim Denied": ["{carrier} denied the claim: damage below threshold.", "Claim denied as wear and tear; offered a retail repair quote."],
    },
    tasks: [
      { status: "Inspection Scheduled", type: "Inspection", title: "Storm inspection - {name}", afterDays: [1, 4], durationHours: 1 },
      { status: "Adjuster Meeting", type: "Adjuster Meeting", title: "Adjuster meeting - {name}", afterDays: [2, 8], durationHours: 1.5 },
      { status: "Build Scheduled", type: "Install Day", title: "Build - {name}", afterDays: [4, 14], durationHours: 9 },
      { status: "Claim Filed", type: "Follow-up Call", title: "Check claim status - {name}", afterDays: [5, 10], durationHours: 0.5 },
    ],
  },
  Commercial: {
    weights: { "Bid Request": 6, "Site Walk": 5, "Bid Submitted": 8, Awarded: 4, "Pre-Construction": 4, "In Production": 3, "Punch List": 3, Invoiced: 4, Complete: 38, "Not Awarded": 25 },
    scheduledAt: "Pre-Construction",
    stepDays: [4, 20],
    workDays: [4, 18],
    photosFrom: "Site Walk",
    notes: {
      "Bid Request": ["{contact} asked for a bid on the {work} before budget season.", "RFP received, bids due in three weeks."],
      "Site Walk": ["Site walk with {contact}; core cut shows 2 layers and wet insulation near the drains.", "Walked the roof, took IR scan photos."],
      "Bid Submitted": ["Bid submitted with 20-year NDL warranty option.", "Sent bid and alternates; {contact} presenting to the board."],
      Awarded: ["Awarded. Contract and COI sent to {contact}.", "Signed contract received, 25% mobilisation invoice sent."],
      "Pre-Construction": ["Pre-con meeting: staging in the north lot, crane on {day}.", "Submittals approved; tenant notices sent."],
      "In Production": ["Production day {count}: {pct}% complete.", "Crane lift done, membrane going down on section B."],
      "Punch List": ["Punch list walk with {contact}: 6 items, mostly counterflashing.", "Punch items closed except one drain clamp."],
      Invoiced: ["Final invoice and warranty paperwork sent.", "Retainage invoiced."],
      Complete: ["Manufacturer inspection passed, NDL warranty issued.", "Paid in full, job closed."],
      "Not Awarded": ["Lost to a lower bid.", "Board deferred the project to next fiscal year."],
    },
    tasks: [
      { status: "Site Walk", type: "Appointment", title: "Site walk - {name}", afterDays: [2, 9], durationHours: 2 },
      { status: "Pre-Construction", type: "Appointment", title: "Pre-con meeting - {name}", afterDays: [3, 10], durationHours: 1.5 },
      { status: "Bid Submitted", type: "Follow-up Call", title: "Bid follow-up - {name}", afterDays: [7, 14], durationHours: 0.5 },
    ],
  },
};

export const SUMMIT_FLAVOR: Flavor = {
  account: SUMMIT,
  cities: DENVER_CITIES,
  areaCodes: ["303", "720", "983"],
  persons: 210,
  jobs: 340,
  companies: SUMMIT_COMPANIES,
  personStatuses: { workflow: "Customer", noJobs: "Lead", early: "Prospect", active: "Active Customer", past: "Past Customer", closedOut: "Do Not Contact" },
  kinds: SUMMIT_KINDS,
  stories: SUMMIT_STORIES,
  generalNotes: ["Homeowner called asking for an update.", "Texted {first} a schedule update.", "Sent photos to {first} by email.", "HOA approval letter uploaded."],
  utcOffset: -6,
  insurers: ["Front Range Mutual", "Peak Country Insurance", "Summit Casualty Co.", "Great Plains Indemnity", "Rocky Mountain Home Insurance"],
};

export const DENVER_STREET_NAMES = DENVER_STREETS;

/* ---------- Brightside Home Services (Columbus metro) ---------- */

const COLUMBUS_CITIES: readonly City[] = [
  { city: "Columbus", state: "OH", zips: ["43201", "43202", "43206", "43212", "43214", "43220", "43221", "43229", "43235"], lat: 39.9612, lon: -82.9988 },
  { city: "Dublin", state: "OH", zips: ["43016", "43017"], lat: 40.0992, lon: -83.1141 },
  { city: "Westerville", state: "OH", zips: ["43081", "43082"], lat: 40.1262, lon: -82.9291 },
  { city: "Worthington", state: "OH", zips: ["43085"], lat: 40.0931, lon: -83.0179 },
  { city: "Hilliard", state: "OH", zips: ["43026"], lat: 40.0334, lon: -83.1582 },
  { city: "Grove City", state: "OH", zips: ["43123"], lat: 39.8815, lon: -83.093 },
  { city: "Gahanna", state: "OH", zips: ["43230"], lat: 40.0192, lon: -82.8793 },
  { city: "Upper Arlington", state: "OH", zips: ["43220", "43221"], lat: 40.0276, lon: -83.0624 },
  { city: "Reynoldsburg", state: "OH", zips: ["43068"], lat: 39.9548, lon: -82.8121 },
  { city: "Powell", state: "OH", zips: ["43065"], lat: 40.1578, lon: -83.0752 },
  { city: "Pickerington", state: "OH", zips: ["43147"], lat: 39.8842, lon: -82.7535 },
];

const COLUMBUS_STREETS = [
  "High", "Indianola", "Summit", "Neil", "Lane", "Arlington", "Tremont", "Kenny", "Henderson", "Bethel", "Sawmill",
  "Hayden Run", "Schrock", "Cleveland", "Karl", "Morse", "Hamilton", "Broad", "Main", "Livingston", "Whittier", "Frebis",
  "Brice", "Waggoner", "Stelzer", "Olentangy", "Riverside", "Fishinger", "Northwest", "Zollinger", "Kinnear",
] as const;

const BRIGHTSIDE_COMPANIES: readonly Company[] = [
  { name: "German Village Rentals", contact: ["Heidi", "Brandt"], workflow: "Property Manager", status: "Active Account", role: "customer" },
  { name: "Short North Property Co.", contact: ["Marcus", "Bell"], workflow: "Property Manager", status: "Active Account", role: "customer" },
  { name: "Clintonville Homes Management", contact: ["Irene", "Ploetz"], workflow: "Property Manager", status: "Active Account", role: "customer" },
  { name: "Easton Area Rentals LLC", contact: ["Dwayne", "Foster"], workflow: "Property Manager", status: "Prospect", role: "customer" },
  { name: "Buckeye Property Partners", contact: ["Alicia", "Romano"], workflow: "Property Manager", status: "Active Account", role: "customer" },
  { name: "Scioto Terrace Apartments", contact: ["Ken", "Yoder"], workflow: "Property Manager", status: "Prospect", role: "customer" },
];

const BRIGHTSIDE_KINDS: readonly JobKind[] = [
  {
    workflow: "Service Call",
    weight: 62,
    customer: "person",
    work: [
      { work: "Gutter Cleaning", description: "Clean {lf} lf of gutters and flush downspouts; two-story on the {slope} side.", estimate: [150, 420] },
      { work: "Gutter Repair", description: "Re-pitch sagging run on the {slope} side, reseal {count} corner miters, replace hangers.", estimate: [220, 780] },
      { work: "Window Seal Failure", description: "{count} fogged insulated glass units in the {room}; measure and order replacement IGUs.", estimate: [380, 1600] },
      { work: "Siding Repair", description: "Storm damage: replace {count} cracked vinyl siding panels on the {slope} elevation, match color.", estimate: [300, 1400] },
      { work: "Storm Door Install", description: "Install customer-supplied Larson storm door at the {feature} entry.", estimate: [240, 520] },
      { work: "Gutter Guard Install", description: "Install micro-mesh guards on {lf} lf of 5\" K-style gutters.", estimate: [900, 2600] },
    ],
  },
  {
    workflow: "Replacement Project",
    weight: 38,
    customer: "person",
    work: [
      { work: "Window Replacement", description: "Replace {count} double-hung windows with Pella 250 vinyl, Low-E, full-frame in the {room}.", estimate: [6500, 24000] },
      { work: "Vinyl Siding Replacement", description: "Remove aluminum siding, install house wrap and Mastic Carvedwood vinyl in {color}, about {sq} squares.", estimate: [14000, 32000] },
      { work: "Seamless Gutter Replacement", description: "Replace {lf} lf of gutters with 6\" seamless aluminum and 3x4 downspouts.", estimate: [2200, 5600] },
      { work: "Entry Door Replacement", description: "Replace front entry with Therma-Tru fiberglass door and sidelites, {color} finish.", estimate: [3800, 9200] },
      { work: "Patio Door Replacement", description: "Replace failed slider with a Pella 250 sliding patio door off the {room}.", estimate: [2600, 6400] },
    ],
  },
];

const BRIGHTSIDE_STORIES: Readonly<Record<string, WorkflowStory>> = {
  "Service Call": {
    weights: { "New Request": 7, Scheduled: 9, Dispatched: 3, "On Site": 2, "Parts on Order": 4, "Work Complete": 4, Invoiced: 6, Closed: 52, Cancelled: 8 },
    scheduledAt: "Scheduled",
    stepDays: [0, 5],
    workDays: [0, 1],
    photosFrom: "On Site",
    notes: {
      "New Request": ["{source} request: {first} reports an overflowing gutter over the {feature}.", "Customer called; prefers a morning appointment."],
      Scheduled: ["Booked for {day}, 8-10am window.", "Confirmed appointment by text."],
      Dispatched: ["{crew} on the way, ETA 25 minutes.", "Tech dispatched; customer notified."],
      "On Site": ["Tech on site; found a disconnected downspout elbow.", "Measured the units; glass size noted on the work order."],
      "Parts on Order": ["Glass units ordered, 2-week lead time.", "Matching siding panels on order from ABC Supply."],
      "Work Complete": ["Work complete, before/after photos attached.", "Finished; customer signed off on the tablet."],
      Invoiced: ["Invoice emailed, card on file.", "Invoice sent; customer will pay online."],
      Closed: ["Paid. Closed out.", "Payment received, asked for a review."],
      Cancelled: ["Customer cancelled: fixed it themselves.", "Duplicate request, cancelled."],
    },
    tasks: [
      { status: "Scheduled", type: "Service Visit", title: "Service visit - {name}", afterDays: [1, 6], durationHours: 2 },
      { status: "Parts on Order", type: "Follow-up Call", title: "Parts arrived? - {name}", afterDays: [7, 14], durationHours: 0.5 },
    ],
  },
  "Replacement Project": {
    weights: { "Consultation Booked": 6, "Proposal Sent": 9, Signed: 4, "Measure & Order": 4, "Install Scheduled": 5, Installing: 2, Walkthrough: 2, Complete: 40, Declined: 22 },
    scheduledAt: "Install Scheduled",
    stepDays: [2, 12],
    workDays: [1, 5],
    photosFrom: "Consultation Booked",
    notes: {
      "Consultation Booked": ["In-home consultation on {day} with {first}.", "{source} lead; wants quotes before winter."],
      "Proposal Sent": ["Proposal sent: good/better/best options.", "Sent proposal with 12-month same-as-cash financing."],
      Signed: ["Signed; 40% deposit by card.", "{first} signed for the better option."],
      "Measure & Order": ["Final measure done, order placed; 6-8 week lead time.", "Ordered in {color}."],
      "Install Scheduled": ["Install set for {day}; crew {crew}.", "Product delivered to the warehouse, install booked."],
      Installing: ["Day 1 of install, tear-off complete.", "Install under way; trim capping tomorrow."],
      Walkthrough: ["Walkthrough with {first}; two small touch-ups.", "Final walkthrough scheduled."],
      Complete: ["Final payment received, warranty registered.", "Complete. Customer referred a neighbor."],
      Declined: ["Declined: went with a lower quote.", "Project postponed indefinitely."],
    },
    tasks: [
      { status: "Consultation Booked", type: "Appointment", title: "Consultation - {name}", afterDays: [1, 7], durationHours: 1.5 },
      { status: "Measure & Order", type: "Measure", title: "Final measure - {name}", afterDays: [1, 5], durationHours: 1 },
      { status: "Install Scheduled", type: "Install Day", title: "Install - {name}", afterDays: [5, 20], durationHours: 8 },
      { status: "Proposal Sent", type: "Follow-up Call", title: "Proposal follow-up - {name}", afterDays: [3, 8], durationHours: 0.5 },
    ],
  },
};

export const BRIGHTSIDE_FLAVOR: Flavor = {
  account: BRIGHTSIDE,
  cities: COLUMBUS_CITIES,
  areaCodes: ["614", "380"],
  persons: 95,
  jobs: 240,
  companies: BRIGHTSIDE_COMPANIES,
  personStatuses: { workflow: "Homeowner", noJobs: "New Lead", early: "Qualified", active: "Customer", past: "Customer", closedOut: "Inactive" },
  kinds: BRIGHTSIDE_KINDS,
  stories: BRIGHTSIDE_STORIES,
  generalNotes: ["Customer called for an update.", "Texted {first} the appointment window.", "Left voicemail.", "Emailed the warranty PDF."],
  utcOffset: -5,
};

export const COLUMBUS_STREET_NAMES = COLUMBUS_STREETS;

export const STREETS_BY_ACCOUNT: Readonly<Record<string, readonly string[]>> = {
  [SUMMIT.id]: DENVER_STREETS,
  [BRIGHTSIDE.id]: COLUMBUS_STREETS,
};

export const FLAVORS: readonly Flavor[] = [SUMMIT_FLAVOR, BRIGHTSIDE_FLAVOR];

export const ROOMS = ["master bedroom", "kitchen", "living room", "upstairs hallway", "garage", "back bedroom", "dining room"] as const;
export const FEATURES = ["chimney", "skylight", "plumbing vent", "dormer", "front porch", "back deck"] as const;
export const CALENDAR_COLORS = ["#2f80ed", "#27ae60", "#eb5757", "#f2994a", "#9b51e0", "#56ccf2", "#219653", "#bb6bd9", "#f2c94c", "#828282"] as const;
