/**
 * The sandbox's demo API keys. Each matches API_KEY_PATTERN (facts.ts; the tests pin it), so users learn a
 * key shape that also works in production. They are public on purpose (the sandbox binds to 127.0.0.1 and holds demo
 * data only); each one mirrors an integration profile from seed 000's scope selection guide, so a user can
 * see exactly what a narrowly scoped key is refused.
 */
import { SCOPES, type Scope } from "../../vendors/fsmnavigator/facts.js";

export interface DemoKey {
  key: string;
  label: string;
  scopes: readonly Scope[];
}

export const DEMO_KEYS: readonly DemoKey[] = Object.freeze([
  { key: "fsm_test_demoFullAccess", label: "full-access", scopes: SCOPES },
  {
    key: "fsm_test_demoReadOnly",
    label: "read-only",
    scopes: ["jobs:read", "customers:read", "assets:read", "technicians:read"],
  },
  {
    // Seed 000's "Dispatching system" profile, plus technicians:read to pick who to assign.
    key: "fsm_test_demoDispatcher",
    label: "dispatcher",
    scopes: ["jobs:read", "jobs:write", "customers:read", "technicians:read"],
  },
  {
    key: "fsm_test_demoAssets",
    label: "asset-manager",
    scopes: ["assets:read", "assets:write", "assets:service", "assets:meter", "assets:transfer"],
  },
] satisfies DemoKey[]);

/** The key the product uses when nobody configured one. */
export const DEFAULT_DEMO_KEY: DemoKey = DEMO_KEYS[0] as DemoKey;
