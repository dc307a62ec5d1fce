/**
 * Account settings that one replica sees change (JobNimbus workflows: a new status, a workflow added or
 * retired) reach every other replica: the replica that re-read them publishes on the account's channel, the
 * others re-read the settings themselves (the vendor stays the one source of truth; the message carries no
 * settings), rebuild their tool schemas and send `notifications/tools/list_changed` to their sessions.
 * A replica that re-reads and finds nothing new publishes nothing, so one change costs each replica one read.
 * Messages missed while Redis was away are covered by each replica's own periodic check
 * (src/vendors/jobnimbus/freshness.ts).
 */
import type { Backend } from "../../domain/backend.js";
import type { Logger } from "../../log.js";
import { KEY_PREFIX, type RedisConnection } from "./connection.js";

export async function shareProfileChanges(redis: RedisConnection, backend: Backend, account: string, logger: Logger): Promise<() => Promise<void>> {
  if (!backend.watchProfile || !backend.refreshProfile) return async () => undefined;
  const channel = `${KEY_PREFIX}settings:${account}`;
  const me = `${process.pid}.${Math.random().toString(36).slice(2)}`;
  /** Set while this replica applies a change it was told about: nothing to tell the others then. */
  let applyingNotice = false;
  const stopWatching = backend.watchProfile(() => {
    if (applyingNotice) return;
    redis.client.publish(channel, me).catch((error: unknown) => logger.warn("redis", `cannot tell other replicas that the account settings changed: ${String(error)}`));
  });
  const onMessage = (from: string) => {
    if (from === me) return;
    applyingNotice = true;
    backend
      .refreshProfile!("another replica saw the account's settings change")
      .catch(() => false)
      .finally(() => (applyingNotice = false));
  };
  // Redis may be away at startup: subscribe once it is there (node-redis renews subscriptions after a reconnect).
  const subscribe = () => redis.subscriber.subscribe(channel, onMessage).catch((error: unknown) => logger.warn("redis", `cannot follow other replicas' settings changes yet: ${String(error)}`));
  if (redis.subscriber.isReady) await subscribe();
  else redis.subscriber.once("ready", () => void subscribe());
  return async () => {
    stopWatching();
    await redis.subscriber.unsubscribe(channel, onMessage).catch(() => undefined);
  };
}
