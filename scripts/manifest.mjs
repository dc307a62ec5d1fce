// Bring manifest.json's generated fields (version, tools) up to date from the built sources
// (npm run manifest builds first). The rest of the manifest is written by hand.
import { readFileSync, writeFileSync } from "node:fs";
import { syncManifest } from "../dist/docs/manifest.js";

const file = new URL("../manifest.json", import.meta.url);
const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
const before = readFileSync(file, "utf8");
const after = `${JSON.stringify(await syncManifest(JSON.parse(before), pkg.version), null, 2)}\n`;
writeFileSync(file, after);
process.stderr.write(before === after ? "manifest.json already up to date\n" : "manifest.json updated\n");
