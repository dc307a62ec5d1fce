/** Corporate proxies: with HTTPS_PROXY/HTTP_PROXY set, vendor requests tunnel through the proxy; loopback never does. */
import { createServer as createHttpServer, type Server } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as undici from "undici";
import { EnvHttpProxyAgent, Pool } from "undici";
import { dispatcherFor, HttpClient } from "../../src/http/client.js";

let vendor: Server;
let proxy: Server;
const tunnels: string[] = [];

const listen = (s: Server) => new Promise<number>((r) => s.listen(0, "127.0.0.1", () => r((s.address() as AddressInfo).port)));

beforeAll(async () => {
  vendor = createHttpServer((req, res) => {
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ data: { path: req.url, host: req.headers.host } }));
  });
  const vendorPort = await listen(vendor);
  // A forward proxy that tunnels every CONNECT to the fake vendor, recording the requested authority.
  proxy = createHttpServer();
  proxy.on("connect", (req, socket, head) => {
    tunnels.push(req.url ?? "");
    const upstream = connect(vendorPort, "127.0.0.1", () => {
      socket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on("error", () => socket.destroy());
    socket.on("error", () => upstream.destroy());
  });
  await listen(proxy);
});

afterAll(async () => {
  await new Promise((r) => proxy.close(r));
  await new Promise((r) => vendor.close(r));
});

describe("proxy support", () => {
  it("picks the proxy agent only for non-loopback origins when a proxy is configured", () => {
    const env = { HTTPS_PROXY: "http://127.0.0.1:9" };
    expect(dispatcherFor(undici, "https://fsmnavigator.com", 2, env)).toBeInstanceOf(EnvHttpProxyAgent);
    expect(dispatcherFor(undici, "http://127.0.0.1:4010", 2, env)).toBeInstanceOf(Pool);
    expect(dispatcherFor(undici, "https://fsmnavigator.com", 2, {})).toBeInstanceOf(Pool);
  });

  it("tunnels vendor requests through HTTP_PROXY", async () => {
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    const saved = process.env.HTTP_PROXY;
    process.env.HTTP_PROXY = proxyUrl;
    const client = new HttpClient({ baseUrl: "http://vendor.example.test/api/v1", dialect: { parseError: () => ({}) }, rateLimit: { holdFirstRequest: false } });
    try {
      const res = await client.request<{ data: { path: string; host: string } }>({ method: "GET", path: "/jobs", query: { id: 7 } });
      expect(res.body.data).toEqual({ path: "/api/v1/jobs?id=7", host: "vendor.example.test" });
      expect(tunnels).toContain("vendor.example.test:80");
    } finally {
      if (saved === undefined) delete process.env.HTTP_PROXY;
      else process.env.HTTP_PROXY = saved;
      await client.close();
    }
  });
});
