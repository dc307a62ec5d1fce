// Make the built CLI executable so `npx fsm-mcp` and a linked bin work on POSIX.
import { chmodSync, existsSync } from "node:fs";
const bin = new URL("../dist/cli.js", import.meta.url);
if (existsSync(bin)) chmodSync(bin, 0o755);
