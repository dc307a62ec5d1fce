/**
 * Who holds a claim, precisely enough to tell at once whether it still lives: the pid alone is not enough
 * (pids are reused, and a container restarts at pid 1), so a claim also carries the process's start time and
 * the machine's boot id where the system tells them (Linux /proc); elsewhere the pid check stands alone.
 */
import { readFileSync } from "node:fs";

export interface Owner {
  pid: number;
  /** Start time of the process in clock ticks since boot (Linux), "" when unknown. */
  start: string;
  /** The machine's boot id (Linux), "" when unknown. */
  boot: string;
}

function readOr(path: string): string {
  try {
    return readFileSync(path, "utf8").trim();
  } catch {
    return "";
  }
}

/** Field 22 of /proc/<pid>/stat: the start time. The command name (field 2) may hold spaces, so count after its ")". */
function startTimeOf(pid: number): string {
  const stat = readOr(`/proc/${pid}/stat`);
  const after = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return after[19] ?? "";
}

let self: Owner | undefined;

export function selfOwner(): Owner {
  return (self ??= { pid: process.pid, start: startTimeOf(process.pid), boot: readOr("/proc/sys/kernel/random/boot_id") });
}

/** Whether the process that wrote `owner` still runs, as seen from `me`. */
export function isAlive(owner: Owner, me: Owner = selfOwner()): boolean {
  if (owner.boot && me.boot && owner.boot !== me.boot) return false; // the machine rebooted since
  try {
    process.kill(owner.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EPERM") return false; // ESRCH: no such process
  }
  if (owner.start) {
    const now = startTimeOf(owner.pid);
    if (now && now !== owner.start) return false; // the pid belongs to a later process
  }
  return true;
}
