import { VENDORS, type VendorName } from "../domain/backend.js";
import { vendorModule } from "../vendors/index.js";
import { SANDBOX_SCALES, type SandboxScale } from "../config.js";

/** `fsm-mcp sandbox`: run a simulator in the foreground; print its URL and demo credentials to stderr. */
export async function runSandboxCommand(vendor: VendorName, port: number, scale = "regular"): Promise<number> {
  if (!VENDORS.includes(vendor)) {
    process.stderr.write(`--vendor must be one of ${VENDORS.join(", ")}\n`);
    return 2;
  }
  if (!(SANDBOX_SCALES as readonly string[]).includes(scale)) {
    process.stderr.write(`--scale must be one of ${SANDBOX_SCALES.join(", ")}, got "${scale}"\n`);
    return 2;
  }
  const sandbox = await vendorModule(vendor).startSandbox({ port, scale: scale as SandboxScale });
  // Demo credentials are public sandbox values, printed on purpose (they are not secrets).
  process.stderr.write(`${sandbox.describe().join("\n")}\nPress Ctrl+C to stop.\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await sandbox.close();
  return 0;
}
