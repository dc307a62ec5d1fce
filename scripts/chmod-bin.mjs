// Make the built entry points executable so `npx fsm-mcp` and a linked bin work on POSIX: the published bin
// (the bundle, which starts fastest; see bench/RESULTS.md) and the tsc build's dist/cli.js.
import { chmodSync, existsSync, readFileSync } from "node:fs";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
const bins = typeof pkg.bin === "string" ? [pkg.bin] : Object.values(pkg.bin ?? {});
for (const path of new Set(["dist/cli.js", ...bins])) {
  const file = new URL(`../${path}`, import.meta.url);
  if (existsSync(file)) chmodSync(file, 0o755);
}
