import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fillSections } from "../../src/docs/generate.js";
import { readmeSections } from "../../src/docs/readme.js";

describe("README", () => {
  it("has its generated tables in sync with the vendor facts, registry and config contract (npm run docs)", async () => {
    const readme = readFileSync(join(import.meta.dirname, "../../README.md"), "utf8");
    expect(fillSections(readme, await readmeSections())).toBe(readme);
  });
});
