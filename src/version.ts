import { createRequire } from "node:module";

/**
 * The package version. The single-file bundle has it inlined at build time (it has no package.json beside
 * it); the tsc build reads package.json so the two can never disagree.
 */
export const VERSION: string =
  process.env.FSM_BUNDLED_VERSION ?? (createRequire(import.meta.url)("../package.json") as { version: string }).version;
