/**
 * vitest globalSetup: the suite runs on the Node versions the package supports (package.json `engines`), and
 * says so plainly on an older one instead of failing later in whatever test first meets the difference (the
 * doctor's Node check, node:sqlite). Node 20 is past end of life; CI (.ci/run) runs Node 22 and 24.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

export default function checkNode(): void {
  const range = JSON.parse(readFileSync(join(import.meta.dirname, "../package.json"), "utf8")).engines.node as string;
  const floor = /^>=(\d+)\.(\d+)\.(\d+)$/.exec(range);
  if (!floor) throw new Error(`package.json engines.node is "${range}": expected ">=x.y.z"`);
  const [have, need] = [process.versions.node.split(".").map(Number), floor.slice(1).map(Number)];
  const cmp = have[0]! - need[0]! || have[1]! - need[1]! || have[2]! - need[2]!;
  if (cmp < 0) {
    throw new Error(`fsm-mcp needs Node ${range} (this is v${process.versions.node}); run the suite with: npx -y -p node@22 -c 'npm test'`);
  }
}
