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
