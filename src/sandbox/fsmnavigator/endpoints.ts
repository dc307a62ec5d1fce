/**
 * How each ENDPOINTS entry (facts.ts) is spelled on the wire, in both URL styles. The reference style is
 * the selector itself (/jobs?id={id}); the guide's path style (seed 000) turns each selector into a path
 * segment (/customers/{id}/locations/{location_id}, /assets/{id}/service-records).
 */
import { API_PREFIX, ENDPOINTS, type Endpoint, type EndpointName } from "../../vendors/fsmnavigator/facts.js";

export const ENDPOINT_NAMES = Object.keys(ENDPOINTS) as EndpointName[];

export function endpointOf(name: EndpointName): Endpoint {
  return ENDPOINTS[name];
}

/** Path segments for `sub=` values, as seed 000's guide spells them. GET and POST service records share one. */
const SUB_SEGMENTS: Readonly<Record<string, string>> = {
  service_history: "service-records",
  service: "service-records",
  meter_reading: "meter-readings",
  transfer: "transfer",
};

export interface SelectorPart {
  key: string;
  /** Fixed value ("locations=1", "sub=service"); undefined for an id the caller fills in. */
  value?: string;
}

export function selectorParts(endpoint: Endpoint): SelectorPart[] {
  return endpoint.selector.map((part) => {
    const [key, value] = part.split("=", 2) as [string, string | undefined];
    return value === undefined ? { key } : { key, value };
  });
}

/** Reference (query) style, for messages and the OpenAPI document: "/api/v1/assets?id={id}&sub=service". */
export function referencePath(endpoint: Endpoint, withPrefix = true): string {
  const query = selectorParts(endpoint)
    .map((part) => `${part.key}=${part.value ?? `{${part.key}}`}`)
    .join("&");
  return `${withPrefix ? API_PREFIX : ""}${endpoint.resource}${query ? `?${query}` : ""}`;
}

/** Path style under /api/v1, e.g. "/customers/:id/locations/:location_id"; undefined for collections (shared by both styles). */
export function pathPattern(endpoint: Endpoint): string | undefined {
  const parts = selectorParts(endpoint);
  if (parts.length === 0) return undefined;
  let pattern: string = endpoint.resource;
  for (const part of parts) {
    if (part.value === undefined) pattern += `/:${part.key}`;
    else if (part.key === "sub") pattern += `/${SUB_SEGMENTS[part.value] ?? part.value}`;
    else pattern += `/${part.key}`;
  }
  return pattern;
}
