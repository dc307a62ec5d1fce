/**
 * A status machine: the statuses a record can hold and, for each, the statuses it may move to.
 * Vendor folders declare their machines as data; tool schemas, the client-side guard, the simulators
 * and the README tables are generated from the same objects.
 */
export interface StatusMachine<S extends string = string> {
  /** What the machine describes, for messages: "job", "asset". */
  readonly subject: string;
  /** Every status, in the vendor's documented order. */
  readonly statuses: readonly S[];
  /**
   * Allowed next statuses per status. `undefined` means the vendor has no transition table
   * (any status of the machine may follow any other, e.g. JobNimbus workflows).
   */
  readonly transitions?: Readonly<Record<S, readonly S[]>>;
  /** Statuses that cannot be left once entered (no transitions out). */
  readonly terminal: readonly S[];
  /** Statuses that are irreversible in business terms and need explicit confirmation to enter. */
  readonly irreversible: readonly S[];
  /** One line per status, from the vendor docs. */
  readonly descriptions?: Readonly<Partial<Record<S, string>>>;
}

/** Statuses reachable from `from`. Unknown `from` yields none. */
export function allowedNext<S extends string>(machine: StatusMachine<S>, from: S | string): readonly S[] {
  if (!machine.statuses.includes(from as S)) return [];
  if (!machine.transitions) return machine.statuses.filter((s) => s !== from && !machine.terminal.includes(from as S));
  return machine.transitions[from as S] ?? [];
}

export function canTransition<S extends string>(machine: StatusMachine<S>, from: S | string, to: S | string): boolean {
  return allowedNext(machine, from).includes(to as S);
}

/** Case- and separator-insensitive match of a loose status spelling ("in progress", "IN_PROGRESS") to the machine's. */
export function matchStatus<S extends string>(machine: StatusMachine<S>, loose: string): S | undefined {
  const key = normaliseWord(loose);
  return machine.statuses.find((s) => normaliseWord(s) === key);
}

export function normaliseWord(value: string): string {
  return value.trim().toLowerCase().replace(/[\s_\-]+/g, "");
}

/** Rows of the transition table, for resources and documentation. */
export function transitionRows<S extends string>(machine: StatusMachine<S>): Array<{ from: S; to: readonly S[] }> {
  return machine.statuses.map((from) => ({ from, to: allowedNext(machine, from) }));
}
