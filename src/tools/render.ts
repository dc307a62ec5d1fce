/**
 * The compact text rendering of a result, generated from the same object as structuredContent so the two
 * can never disagree. Objects become "key: value" lines; arrays of records become one line per record.
 */
export function renderText(data: Record<string, unknown>): string {
  return renderObject(data, "").join("\n");
}

function renderObject(o: Record<string, unknown>, indent: string): string[] {
  const lines: string[] = [];
  for (const [key, value] of Object.entries(o)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      if (value.length === 0) {
        lines.push(`${indent}${key}: none`);
      } else if (value.every((v) => typeof v !== "object" || v === null)) {
        lines.push(`${indent}${key}: ${value.join(", ")}`);
      } else {
        lines.push(`${indent}${key}:`);
        for (const item of value) lines.push(`${indent}- ${inline(item)}`);
      }
    } else if (typeof value === "object") {
      lines.push(`${indent}${key}:`);
      lines.push(...renderObject(value as Record<string, unknown>, `${indent}  `));
    } else {
      lines.push(`${indent}${key}: ${String(value)}`);
    }
  }
  return lines;
}

function inline(value: unknown): string {
  if (typeof value !== "object" || value === null) return String(value);
  if (Array.isArray(value)) return `[${value.map(inline).join(", ")}]`;
  return Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => `${k}=${typeof v === "object" ? inline(v) : String(v)}`)
    .join(" · ");
}
