/**
 * Who the current tool call is for, carried through async calls so the vendor rate budget can give each
 * user a fair share when the desk is busy (src/state/redis/rate-budget.ts) without threading the user
 * through every vendor client. Set around each tool call (src/server/build.ts); absent on stdio, with the
 * static bearer token, and outside tool calls (the user is then "anonymous": one share for all of them).
 */
import { AsyncLocalStorage } from "node:async_hooks";

const current = new AsyncLocalStorage<{ user: string }>();

export function runAsCaller<T>(user: string | undefined, fn: () => T): T {
  return user ? current.run({ user }, fn) : fn();
}

/** The signed-in user's stable id (`sub`), or "anonymous". */
export function currentCaller(): string {
  return current.getStore()?.user ?? "anonymous";
}
