/**
 * node:crypto, loaded on first use. Loading it costs a process ~11 ms, and nothing a server does before its first
 * tool call needs it (random ids and hashes belong to writes, the idempotency ledger and the lookup index's file),
 * while an import of it, anywhere in what startup loads, would load it before tools/list is answered.
 */
export function nodeCrypto(): typeof import("node:crypto") {
  return process.getBuiltinModule("node:crypto");
}
