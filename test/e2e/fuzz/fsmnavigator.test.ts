/** The fuzz property (property.ts) against FSM Navigator: integer ids, one API key. */
import { fuzzVendor, RUNS } from "./property.js";
import { fsmNavigatorFuzz } from "./vendors.js";

fuzzVendor(fsmNavigatorFuzz(), { minWriteCases: RUNS / 50, minErrors: RUNS / 4 });
