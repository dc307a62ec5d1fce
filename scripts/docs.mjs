// Regenerate the README's GENERATED blocks from the built sources (npm run docs builds first).
import { readFileSync, writeFileSync } from "node:fs";
import { fillSections } from "../dist/docs/generate.js";
import { readmeSections } from "../dist/docs/readme.js";

const file = new URL("../README.md", import.meta.url);
const before = readFileSync(file, "utf8");
const after = fillSections(before, await readmeSections());
writeFileSync(file, after);
process.stderr.write(before === after ? "README.md already up to date\n" : "README.md updated\n");
