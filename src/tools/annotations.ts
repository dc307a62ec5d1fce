import type { ToolAnnotations } from "./types.js";

/**
 * Reads talk to the vendor (open world) and change nothing. destructiveHint and idempotentHint are left out: the
 * MCP schema calls both "meaningful only when readOnlyHint == false", so beside readOnlyHint: true they say
 * nothing (and cost ~9 tokens on every read tool in tools/list).
 */
export const READ: ToolAnnotations = { readOnlyHint: true, openWorldHint: true };
/** Creates add a record; repeating one would add another (our guards prevent that, the hint stays honest). */
export const CREATE: ToolAnnotations = { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true };
/** Changes that overwrite or end something (status changes that can cancel or retire; field overwrites). */
export const CHANGE: ToolAnnotations = { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true };
