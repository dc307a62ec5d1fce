/**
 * Resolves a request to an ENDPOINTS entry. Both URL styles land on the same entry: the reference pages'
 * query style (/customers?id=201&locations=1) and the guide's path style (/customers/201/locations).
 * Collections (/jobs, /customers, …) are common to both styles and count as query style. [I] Only the
 * documented operations exist: e.g. GET on a single location is a 404 (ENDPOINTS has only its PUT).
 */
import { API_PREFIX, ENDPOINTS, type EndpointName } from "../../vendors/fsmnavigator/facts.js";
import { PathPattern } from "../common/http.js";
import { ENDPOINT_NAMES, pathPattern, referencePath, selectorParts } from "./endpoints.js";
import { ApiError } from "./errors.js";

export type UrlStyle = "query" | "path";

export interface RouteMatch {
  endpoint: EndpointName;
  style: UrlStyle;
  /** Unparsed identifiers by selector key ("id", "location_id"), from the query or the path. */
  rawIds: Record<string, string>;
}

const PATH_ROUTES = ENDPOINT_NAMES.flatMap((name) => {
  const pattern = pathPattern(ENDPOINTS[name]);
  return pattern === undefined ? [] : [{ name, method: ENDPOINTS[name].method as string, pattern: new PathPattern(pattern) }];
});

const RESOURCES = [...new Set(ENDPOINT_NAMES.map((name) => ENDPOINTS[name].resource))];
const COLLECTIONS = RESOURCES.map((resource) => ({ resource, pattern: new PathPattern(resource) }));

/** `path` is the pathname after /api/v1. Throws ApiError(not_found) when nothing matches. */
export function resolveRoute(method: string, path: string, query: URLSearchParams): RouteMatch {
  const collection = COLLECTIONS.find((entry) => entry.pattern.match(path));
  if (collection) return resolveQueryStyle(method, collection.resource, path, query);

  const byPath = PATH_ROUTES.map((route) => ({ route, params: route.pattern.match(path) })).filter((hit) => hit.params !== undefined);
  const hit = byPath.find(({ route }) => route.method === method);
  if (hit?.params) return { endpoint: hit.route.name, style: "path", rawIds: hit.params };
  if (byPath.length > 0) {
    const allowed = [...new Set(byPath.map(({ route }) => route.method))].join(", ");
    throw new ApiError("not_found", `${method} is not supported on ${API_PREFIX}${path}; use ${allowed}`);
  }
  throw new ApiError("not_found", `No endpoint matches ${method} ${API_PREFIX}${path}`);
}

function resolveQueryStyle(method: string, resource: string, path: string, query: URLSearchParams): RouteMatch {
  const ofResource = ENDPOINT_NAMES.filter((name) => ENDPOINTS[name].resource === resource);
  const selectorKeys = new Set(ofResource.flatMap((name) => selectorParts(ENDPOINTS[name]).map((part) => part.key)));

  const satisfied = ofResource
    .filter((name) => ENDPOINTS[name].method === method)
    .filter((name) =>
      selectorParts(ENDPOINTS[name]).every((part) => (part.value === undefined ? query.has(part.key) : query.get(part.key) === part.value)),
    )
    .sort((a, b) => ENDPOINTS[b].selector.length - ENDPOINTS[a].selector.length);
  const best = satisfied[0];
  // A selector key the chosen endpoint does not use (e.g. sub=bogus, or location_id on a GET) is not ignored:
  // it names an endpoint that does not exist.
  const stray = best ? [...selectorKeys].filter((key) => query.has(key) && !selectorParts(ENDPOINTS[best]).some((p) => p.key === key)) : [];
  if (best && stray.length === 0) {
    const rawIds: Record<string, string> = {};
    for (const part of selectorParts(ENDPOINTS[best])) if (part.value === undefined) rawIds[part.key] = query.get(part.key) ?? "";
    return { endpoint: best, style: "query", rawIds };
  }
  const shown = `${method} ${API_PREFIX}${path}${query.size > 0 ? `?${query.toString()}` : ""}`;
  const available = ofResource.map((name) => `${ENDPOINTS[name].method} ${referencePath(ENDPOINTS[name])}`).join(", ");
  throw new ApiError("not_found", `No endpoint matches ${shown}. Endpoints for ${API_PREFIX}${resource}: ${available}`);
}
