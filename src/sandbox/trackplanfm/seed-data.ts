/**
 * Word lists for the TrackplanFM demo account: a facilities-management estate in four UK and two US regions
 * (sites with codes), in-house engineers and contractors, asset classes and reactive job templates. Invented
 * names; addresses use real towns with plausible postcodes and ZIP codes.
 */

export type Trade = "Mechanical" | "Electrical" | "Fire Safety" | "Plumbing" | "Building Fabric" | "Lifts" | "Security";

export interface RegionSpec {
  region: string;
  country: "United Kingdom" | "United States";
  sites: ReadonlyArray<{ name: string; type: string; address: string; town: string; postcode: string }>;
}

export const REGIONS: readonly RegionSpec[] = [
  {
    region: "London",
    country: "United Kingdom",
    sites: [
      { name: "Canary Wharf Tower One", type: "Office", address: "1 Canada Square", town: "London", postcode: "E14 5AB" },
      { name: "Kings Cross Data Hub", type: "Data Centre", address: "12 York Way", town: "London", postcode: "N1 9AA" },
      { name: "Southbank Arts Centre", type: "Leisure", address: "Belvedere Road", town: "London", postcode: "SE1 8XX" },
      { name: "Hammersmith Leisure Centre", type: "Leisure", address: "Chalk Hill Road", town: "London", postcode: "W6 8DW" },
      { name: "Islington Primary Academy", type: "School", address: "Copenhagen Street", town: "London", postcode: "N1 0JB" },
      { name: "Croydon Retail Park", type: "Retail", address: "Purley Way", town: "Croydon", postcode: "CR0 4XL" },
    ],
  },
  {
    region: "North West",
    country: "United Kingdom",
    sites: [
      { name: "Manchester Piccadilly Offices", type: "Office", address: "3 Piccadilly Place", town: "Manchester", postcode: "M1 3BN" },
      { name: "Salford Quays Studios", type: "Office", address: "Blue Tower, MediaCityUK", town: "Salford", postcode: "M50 2ST" },
      { name: "Liverpool Riverside Hospital", type: "Hospital", address: "Prescot Street", town: "Liverpool", postcode: "L7 8XP" },
      { name: "Preston Distribution Centre", type: "Warehouse", address: "Red Scar Industrial Estate", town: "Preston", postcode: "PR2 5NA" },
      { name: "Bolton Community College", type: "School", address: "Deane Road", town: "Bolton", postcode: "BL3 5BG" },
      { name: "Stockport Central Library", type: "Civic", address: "Wellington Road South", town: "Stockport", postcode: "SK1 3RS" },
    ],
  },
  {
    region: "Midlands",
    country: "United Kingdom",
    sites: [
      { name: "Birmingham Colmore Row Offices", type: "Office", address: "55 Colmore Row", town: "Birmingham", postcode: "B3 2AA" },
      { name: "Coventry Civic Centre", type: "Civic", address: "Earl Street", town: "Coventry", postcode: "CV1 5RR" },
      { name: "Nottingham Trent Campus", type: "School", address: "Shakespeare Street", town: "Nottingham", postcode: "NG1 4FQ" },
      { name: "Leicester Fire Station 3", type: "Civic", address: "Lancaster Road", town: "Leicester", postcode: "LE1 7HA" },
      { name: "Derby Logistics Park", type: "Warehouse", address: "Sinfin Lane", town: "Derby", postcode: "DE24 9GL" },
      { name: "Wolverhampton Medical Centre", type: "Hospital", address: "Cleveland Road", town: "Wolverhampton", postcode: "WV2 1BT" },
    ],
  },
  {
    region: "Scotland",
    country: "United Kingdom",
    sites: [
      { name: "Glasgow Buchanan House", type: "Office", address: "58 Port Dundas Road", town: "Glasgow", postcode: "G4 0HF" },
      { name: "Edinburgh Leith Depot", type: "Depot", address: "Bath Road", town: "Edinburgh", postcode: "EH6 7BB" },
      { name: "Aberdeen Harbour Offices", type: "Office", address: "16 Regent Quay", town: "Aberdeen", postcode: "AB11 5SS" },
      { name: "Dundee Waterfront Hotel", type: "Hotel", address: "1 Riverside Drive", town: "Dundee", postcode: "DD1 4XB" },
      { name: "Stirling Council HQ", type: "Civic", address: "Viewforth", town: "Stirling", postcode: "FK8 2ET" },
      { name: "Inverness Retail Park", type: "Retail", address: "Telford Street", town: "Inverness", postcode: "IV3 5LE" },
    ],
  },
  {
    region: "US Northeast",
    country: "United States",
    sites: [
      { name: "Midtown Manhattan Office Tower", type: "Office", address: "500 Fifth Avenue", town: "New York, NY", postcode: "10110" },
      { name: "Brooklyn Navy Yard Building 77", type: "Warehouse", address: "141 Flushing Avenue", town: "Brooklyn, NY", postcode: "11205" },
      { name: "Boston Seaport Lab", type: "Laboratory", address: "60 Seaport Boulevard", town: "Boston, MA", postcode: "02210" },
      { name: "Newark Distribution Center", type: "Warehouse", address: "900 Corbin Street", town: "Newark, NJ", postcode: "07114" },
      { name: "Hartford Insurance Plaza", type: "Office", address: "1 Financial Plaza", town: "Hartford, CT", postcode: "06103" },
      { name: "Providence Medical Pavilion", type: "Hospital", address: "593 Eddy Street", town: "Providence, RI", postcode: "02903" },
    ],
  },
  {
    region: "US Texas",
    country: "United States",
    sites: [
      { name: "Austin Tech Campus", type: "Office", address: "11501 Alterra Parkway", town: "Austin, TX", postcode: "78758" },
      { name: "Dallas Uptown Tower", type: "Office", address: "2100 McKinney Avenue", town: "Dallas, TX", postcode: "75201" },
      { name: "Houston Energy Plaza", type: "Office", address: "1021 Main Street", town: "Houston, TX", postcode: "77002" },
      { name: "San Antonio Riverwalk Hotel", type: "Hotel", address: "711 E Riverwalk", town: "San Antonio, TX", postcode: "78205" },
      { name: "Fort Worth Logistics Hub", type: "Warehouse", address: "14900 Frye Road", town: "Fort Worth, TX", postcode: "76155" },
      { name: "El Paso Border Clinic", type: "Hospital", address: "4815 Alameda Avenue", town: "El Paso, TX", postcode: "79905" },
    ],
  },
];

export interface ResourceSpec {
  name: string;
  resourceType: "Engineer" | "Contractor";
  trade: Trade;
  /** Regions served; contractors cover several. */
  regions: readonly string[];
  email: string;
  phone: string;
}

export const RESOURCES: readonly ResourceSpec[] = [
  { name: "Dave Wilson", resourceType: "Engineer", trade: "Mechanical", regions: ["London"], email: "dave.wilson@sandbox-fm.example", phone: "+447700900101" },
  { name: "Priya Shah", resourceType: "Engineer", trade: "Electrical", regions: ["London"], email: "priya.shah@sandbox-fm.example", phone: "+447700900102" },
  { name: "Tom Barker", resourceType: "Engineer", trade: "Plumbing", regions: ["London"], email: "tom.barker@sandbox-fm.example", phone: "+447700900103" },
  { name: "Sian Roberts", resourceType: "Engineer", trade: "Mechanical", regions: ["North West"], email: "sian.roberts@sandbox-fm.example", phone: "+447700900104" },
  { name: "Gary Holt", resourceType: "Engineer", trade: "Electrical", regions: ["North West"], email: "gary.holt@sandbox-fm.example", phone: "+447700900105" },
  { name: "Aisha Khan", resourceType: "Engineer", trade: "Building Fabric", regions: ["North West", "Midlands"], email: "aisha.khan@sandbox-fm.example", phone: "+447700900106" },
  { name: "Mark Ellis", resourceType: "Engineer", trade: "Mechanical", regions: ["Midlands"], email: "mark.ellis@sandbox-fm.example", phone: "+447700900107" },
  { name: "Rachel Green", resourceType: "Engineer", trade: "Plumbing", regions: ["Midlands"], email: "rachel.green@sandbox-fm.example", phone: "+447700900108" },
  { name: "Callum Fraser", resourceType: "Engineer", trade: "Mechanical", regions: ["Scotland"], email: "callum.fraser@sandbox-fm.example", phone: "+447700900109" },
  { name: "Morag Campbell", resourceType: "Engineer", trade: "Electrical", regions: ["Scotland"], email: "morag.campbell@sandbox-fm.example", phone: "+447700900110" },
  { name: "Luis Ortega", resourceType: "Engineer", trade: "Mechanical", regions: ["US Northeast"], email: "luis.ortega@sandbox-fm.example", phone: "+12125550111" },
  { name: "Karen Liu", resourceType: "Engineer", trade: "Electrical", regions: ["US Northeast"], email: "karen.liu@sandbox-fm.example", phone: "+12125550112" },
  { name: "Marcus Johnson", resourceType: "Engineer", trade: "Plumbing", regions: ["US Northeast"], email: "marcus.johnson@sandbox-fm.example", phone: "+12125550113" },
  { name: "Jake Miller", resourceType: "Engineer", trade: "Mechanical", regions: ["US Texas"], email: "jake.miller@sandbox-fm.example", phone: "+15125550114" },
  { name: "Rosa Martinez", resourceType: "Engineer", trade: "Electrical", regions: ["US Texas"], email: "rosa.martinez@sandbox-fm.example", phone: "+15125550115" },
  { name: "Apex Fire & Security Ltd", resourceType: "Contractor", trade: "Fire Safety", regions: ["London", "North West", "Midlands"], email: "service@apexfire.example", phone: "+442079460001" },
  { name: "Caledonian Fire Protection", resourceType: "Contractor", trade: "Fire Safety", regions: ["Scotland"], email: "jobs@caledonianfire.example", phone: "+441414960002" },
  { name: "Northern Lift Services", resourceType: "Contractor", trade: "Lifts", regions: ["North West", "Midlands", "Scotland"], email: "callouts@northernlifts.example", phone: "+441614960003" },
  { name: "Capital Lifts & Escalators", resourceType: "Contractor", trade: "Lifts", regions: ["London"], email: "service@capitallifts.example", phone: "+442079460004" },
  { name: "BrightSpark Electrical Ltd", resourceType: "Contractor", trade: "Electrical", regions: ["London", "Midlands"], email: "ops@brightspark.example", phone: "+442079460005" },
  { name: "SecureView CCTV", resourceType: "Contractor", trade: "Security", regions: ["London", "North West", "Midlands", "Scotland"], email: "support@secureview.example", phone: "+443334960006" },
  { name: "Empire Elevator Co.", resourceType: "Contractor", trade: "Lifts", regions: ["US Northeast"], email: "dispatch@empireelevator.example", phone: "+12125550201" },
  { name: "Liberty Fire Systems LLC", resourceType: "Contractor", trade: "Fire Safety", regions: ["US Northeast", "US Texas"], email: "service@libertyfire.example", phone: "+12125550202" },
  { name: "Lone Star Mechanical LLC", resourceType: "Contractor", trade: "Mechanical", regions: ["US Texas"], email: "dispatch@lonestarmech.example", phone: "+15125550203" },
  { name: "Pinnacle Roofing & Glazing", resourceType: "Contractor", trade: "Building Fabric", regions: ["London", "North West", "Midlands", "Scotland"], email: "enquiries@pinnacleroofing.example", phone: "+443334960007" },
];

export interface AssetClassSpec {
  id: number;
  name: string;
  trade: Trade;
  manufacturers: readonly string[];
  models: readonly string[];
  /** Where on a site it usually sits. */
  locations: readonly string[];
}

export const ASSET_CLASSES: readonly AssetClassSpec[] = [
  { id: 10, name: "Boiler", trade: "Mechanical", manufacturers: ["Ideal", "Potterton", "Hamworthy"], models: ["Evomax 2 80", "Sirius Three 110", "Wessex ModuMax"], locations: ["Plant Room", "Basement Plant Room"] },
  { id: 11, name: "Air Handling Unit", trade: "Mechanical", manufacturers: ["Daikin", "Trane", "Carrier"], models: ["D-AHU Professional", "CLCP 12", "39HQ"], locations: ["Roof Plant", "Level 3 Plant"] },
  { id: 12, name: "Chiller", trade: "Mechanical", manufacturers: ["Carrier", "Trane", "Daikin"], models: ["30RB-262", "CGAM 070", "EWAD-TZ"], locations: ["Roof Plant"] },
  { id: 13, name: "Fire Alarm Panel", trade: "Fire Safety", manufacturers: ["Advanced", "Kentec", "Gent"], models: ["MxPro 5", "Syncro AS", "Vigilon Plus"], locations: ["Main Reception", "Security Office"] },
  { id: 14, name: "Emergency Lighting", trade: "Electrical", manufacturers: ["Thorn", "Eaton", "Mackwell"], models: ["Voyager Sport", "Cooper Orbik", "Ultimate"], locations: ["Stairwell A", "Stairwell B", "Ground Floor Corridor"] },
  { id: 15, name: "Passenger Lift", trade: "Lifts", manufacturers: ["Otis", "Schindler", "KONE"], models: ["Gen2", "3300", "MonoSpace 500"], locations: ["Core A", "Core B"] },
  { id: 16, name: "Water Heater", trade: "Plumbing", manufacturers: ["Andrews", "Rheem", "A.O. Smith"], models: ["MAXXflo EVO", "Professional Prestige", "BFC Cyclone"], locations: ["Kitchen", "Plant Room"] },
  { id: 17, name: "Standby Generator", trade: "Electrical", manufacturers: ["Cummins", "Caterpillar", "FG Wilson"], models: ["C275D5", "DE220E0", "P165-5"], locations: ["Generator Compound"] },
  { id: 18, name: "CCTV Camera", trade: "Security", manufacturers: ["Axis", "Hikvision", "Hanwha"], models: ["P3245-LVE", "DS-2CD2347", "XNV-8080R"], locations: ["Car Park", "Loading Bay", "Main Entrance"] },
  { id: 19, name: "Access Control Reader", trade: "Security", manufacturers: ["Paxton", "HID", "Salto"], models: ["Net2 P50", "Signo 40", "XS4 Wall Reader"], locations: ["Main Entrance", "Server Room Door"] },
  { id: 20, name: "Fan Coil Unit", trade: "Mechanical", manufacturers: ["Daikin", "Mitsubishi Electric", "Toshiba"], models: ["FWB-BT", "PEFY-P", "MMD-AP"], locations: ["Level 1 Ceiling Void", "Level 2 Ceiling Void"] },
];

export const CONDITIONS = ["Good", "Good", "Good", "Fair", "Fair", "Poor"] as const;

export interface JobTemplate {
  trade: Trade;
  title: string;
  detail?: string;
  /** Task descriptions a resource is instructed with. */
  tasks: readonly string[];
}

export const JOB_TEMPLATES: readonly JobTemplate[] = [
  { trade: "Mechanical", title: "No heating in main building", detail: "Boiler showing lockout code; staff report radiators cold since 7am.", tasks: ["Attend and diagnose boiler lockout", "Replace ignition electrode and recommission"] },
  { trade: "Mechanical", title: "Air conditioning not cooling in meeting rooms", detail: "Level 2 meeting rooms at 27°C.", tasks: ["Check fan coil units and refrigerant pressures", "Clean filters and re-gas if required"] },
  { trade: "Mechanical", title: "Noisy air handling unit on roof", tasks: ["Inspect fan bearings and belts", "Replace drive belt"] },
  { trade: "Electrical", title: "Lights out in ground floor corridor", tasks: ["Trace fault on lighting circuit", "Replace failed LED panels"] },
  { trade: "Electrical", title: "Emergency lighting failed monthly test", detail: "Three fittings in Stairwell B did not illuminate.", tasks: ["Replace emergency light batteries", "Retest and update log book"] },
  { trade: "Electrical", title: "Tripping RCD in kitchen", tasks: ["Isolate circuits and insulation test", "Replace faulty appliance socket"] },
  { trade: "Electrical", title: "Standby generator failed weekly run", tasks: ["Attend and fault-find generator start", "Replace starter battery"] },
  { trade: "Plumbing", title: "Water leak under kitchen sink", tasks: ["Attend and make safe", "Replace waste trap and compression fittings"] },
  { trade: "Plumbing", title: "Blocked toilets on level 1", detail: "Two WCs out of order in the gents.", tasks: ["Clear blockage", "CCTV survey of drain run"] },
  { trade: "Plumbing", title: "No hot water in staff kitchen", tasks: ["Check water heater thermostat and element", "Replace immersion element"] },
  { trade: "Fire Safety", title: "Fire alarm panel showing fault", detail: "Panel reports an open circuit on zone 4.", tasks: ["Investigate zone 4 fault", "Replace faulty detector base"] },
  { trade: "Fire Safety", title: "Fire door closer broken on level 2", tasks: ["Replace overhead door closer", "Adjust door and check it self-closes"] },
  { trade: "Fire Safety", title: "Quarterly fire alarm service", tasks: ["Test 25% of call points and detectors", "Issue service certificate"] },
  { trade: "Lifts", title: "Passenger lift out of service", detail: "Lift stuck at level 3 with doors open; nobody trapped.", tasks: ["Attend and release lift", "Replace door lock switch"] },
  { trade: "Lifts", title: "Lift doors slow to close", tasks: ["Adjust door operator", "Lubricate door tracks"] },
  { trade: "Building Fabric", title: "Roof leak above reception", detail: "Water dripping into reception after heavy rain.", tasks: ["Inspect roof and make watertight", "Replace damaged ceiling tiles"] },
  { trade: "Building Fabric", title: "Cracked window pane in office", tasks: ["Board up and make safe", "Replace double-glazed unit"] },
  { trade: "Building Fabric", title: "Damaged floor tiles in entrance", tasks: ["Replace damaged vinyl tiles"] },
  { trade: "Security", title: "CCTV camera offline in car park", tasks: ["Check PoE switch and cabling", "Replace camera"] },
  { trade: "Security", title: "Access card reader not working at main entrance", tasks: ["Diagnose reader fault", "Replace reader and re-enrol controller"] },
];

export const RAISED_BY = [
  "Helen Carter",
  "James O'Neill",
  "Fatima Begum",
  "Owen Price",
  "Laura Schmidt",
  "Ben Adeyemi",
  "Claire Murphy",
  "Ryan Cooper",
  "Megan Hughes",
  "Daniel Kim",
];

export const JOB_REQUEST_TEXTS = [
  "Radiator in room 2.14 is cold",
  "Toilet seat broken in ladies on level 3",
  "Flickering light above desk 45",
  "Please fit a coat hook in the meeting room",
  "Smell of gas near the kitchen",
  "Door entry buzzer not working",
  "Car park barrier stuck open",
  "Water cooler leaking",
  "Blind broken in office 1.02",
  "Loose carpet tile at top of stairs",
];

export const COST_DESCRIPTIONS = ["Callout and first hour", "Parts: replacement components", "Additional labour", "Materials and consumables", "Out of hours attendance"];

export const STOCK_TYPES = [
  { id: 1, name: "Filters" },
  { id: 2, name: "Lamps" },
  { id: 3, name: "Fire Safety" },
  { id: 4, name: "Plumbing" },
  { id: 5, name: "Electrical" },
] as const;

export const STOCK_ITEMS: ReadonlyArray<{ typeId: number; partNumber: string; description: string; unitCost: number }> = [
  { typeId: 1, partNumber: "FLT-G4-592", description: "Panel filter G4 592x592x48", unitCost: 6.4 },
  { typeId: 1, partNumber: "FLT-F7-BAG", description: "Bag filter F7 592x592x600", unitCost: 18.9 },
  { typeId: 1, partNumber: "FLT-FCU-01", description: "Fan coil unit filter pad", unitCost: 3.1 },
  { typeId: 2, partNumber: "LMP-LED-600", description: "LED panel 600x600 36W", unitCost: 24.5 },
  { typeId: 2, partNumber: "LMP-T8-4FT", description: "LED T8 tube 4ft", unitCost: 5.2 },
  { typeId: 2, partNumber: "LMP-GU10", description: "GU10 LED lamp 5W", unitCost: 2.3 },
  { typeId: 3, partNumber: "FS-BAT-EML", description: "Emergency light battery pack 3.6V", unitCost: 9.8 },
  { typeId: 3, partNumber: "FS-DET-OPT", description: "Optical smoke detector", unitCost: 21.0 },
  { typeId: 3, partNumber: "FS-CLOSER", description: "Overhead door closer EN3", unitCost: 38.0 },
  { typeId: 3, partNumber: "FS-EXT-CO2", description: "CO2 extinguisher 2kg", unitCost: 42.0 },
  { typeId: 4, partNumber: "PLB-TRAP-40", description: "Bottle trap 40mm", unitCost: 4.6 },
  { typeId: 4, partNumber: "PLB-WASH-15", description: "Tap washer kit 15mm", unitCost: 1.9 },
  { typeId: 4, partNumber: "PLB-ELEM-3K", description: "Immersion element 3kW", unitCost: 17.5 },
  { typeId: 4, partNumber: "PLB-FLUSH", description: "WC flush valve", unitCost: 12.8 },
  { typeId: 5, partNumber: "ELC-MCB-B16", description: "MCB type B 16A", unitCost: 4.2 },
  { typeId: 5, partNumber: "ELC-RCBO-32", description: "RCBO 32A 30mA", unitCost: 19.6 },
  { typeId: 5, partNumber: "ELC-SKT-2G", description: "Twin switched socket", unitCost: 3.4 },
  { typeId: 5, partNumber: "ELC-CONT-25", description: "Contactor 25A 230V coil", unitCost: 27.3 },
];

export const STORE_NAMES = ["Main Stores", "Plant Room Store", "Engineers' Workshop"] as const;
