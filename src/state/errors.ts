import { ToolError } from "../domain/errors.js";

/**
 * Team mode: the shared state a write needs (the idempotency ledger on Redis) cannot be reached, so the
 * write is refused before anything is sent: never a write without its duplicate protection.
 */
export class SharedStateUnavailableError extends ToolError {
  readonly kind = "shared_state_unavailable";
  constructor(what: string, where: string, cause: string) {
    super(`${what} is unreachable (Redis at ${where}: ${cause}), so this write was not sent; nothing changed at the vendor.`);
    this.facts.sent = false;
    this.hints.push(
      "Reads still work. Repeat this call with the same idempotency_key once Redis is reachable again: the server reconnects by itself.",
      "An operator should check that Redis is running and that FSM_REDIS_URL points at it (for example `redis-cli -u \"$FSM_REDIS_URL\" ping`).",
    );
  }
}

/**
 * Team mode: this call's claim of an idempotency key lapsed before its request left (the process stalled
 * longer than a lease) and another call with the same key took it over. That call sends the write; this one
 * must not, or the key's one write would be made twice.
 */
export class ClaimLostError extends ToolError {
  readonly kind = "idempotency_key_taken_over";
  constructor(key: string) {
    super(`idempotency_key "${key}" was taken over by another call with the same key while this server was stalled, so this call sent nothing.`);
    this.facts.sent = false;
    this.hints.push("Repeat this call with the same idempotency_key and arguments: it waits for the other call and returns its result.");
  }
}
