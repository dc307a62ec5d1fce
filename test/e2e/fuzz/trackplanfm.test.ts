/** The fuzz property (property.ts) against TrackplanFM: GUID ids, its filter grammar, API-key auth, job tasks. */
import { fuzzVendor, RUNS } from "./property.js";
import { trackplanfmFuzz } from "./vendors.js";

fuzzVendor(trackplanfmFuzz(), { minWriteCases: RUNS / 50, minErrors: RUNS / 4 });
