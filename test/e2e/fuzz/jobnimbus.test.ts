/** The fuzz property (property.ts) against JobNimbus: string ids, filter JSON, account-defined workflows, notes. */
import { fuzzVendor, RUNS } from "./property.js";
import { jobnimbusFuzz } from "./vendors.js";

fuzzVendor(jobnimbusFuzz(), { minWriteCases: RUNS / 50, minErrors: RUNS / 4 });
