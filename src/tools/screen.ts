/**
 * Checks every tool call's arguments get before the tool runs, whatever the tool: things no input schema
 * can express. A refusal names the argument (its path) and changes nothing.
 */
import { InvalidArgumentError } from "../domain/errors.js";
import type { Redactor } from "../http/redact.js";

/** The path (`name`, `tasks[1].title`) of the first string or object key in `value` that `test` accepts. */
export function findString(value: unknown, test: (text: string) => boolean, at = ""): string | undefined {
  if (typeof value === "string") return test(value) ? at || "(value)" : undefined;
  if (value === null || typeof value !== "object") return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findString(value[i], test, `${at}[${i}]`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  for (const [key, item] of Object.entries(value)) {
    const here = at ? `${at}.${key}` : key;
    if (test(key)) return here;
    const found = findString(item, test, here);
    if (found !== undefined) return found;
  }
  return undefined;
}

export function screenArguments(args: Record<string, unknown>, redactor: Redactor): void {
  // An unpaired surrogate is half a character: it has no UTF-8 form, so it cannot go into a URL (encoding
  // throws) and a vendor would store it as garbage.
  const broken = findString(args, (s) => !s.isWellFormed());
  if (broken !== undefined) {
    const err = new InvalidArgumentError(broken, "contains a broken character (an unpaired UTF-16 surrogate). Nothing was sent.");
    err.hints.push("Send well-formed Unicode text: remove or retype the damaged character.");
    throw err;
  }
  // An assistant that pastes the server's own credential into a customer name or a note would otherwise
  // store it at the vendor, in plain sight of everyone with access, and see it echoed in the result.
  const leaked = findString(args, (s) => redactor.containsSecret(s));
  if (leaked !== undefined) {
    const err = new InvalidArgumentError(leaked, "contains this server's own credential (its API key, password or token). Nothing was sent.");
    err.hints.push("Credentials are never sent to the vendor as data: remove the credential from that argument and call again.");
    throw err;
  }
}

/** A result with the server's own credentials redacted, should a vendor record hold one (the same object when none does). */
export function withoutSecrets<T>(result: T, redactor: Redactor): T {
  return findString(result, (s) => redactor.containsSecret(s)) === undefined ? result : redactor.redactKnownSecrets(result);
}
