/**
 * A real redis-server for tests (the Debian package; `.ci/run` installs it when missing): on a free
 * loopback port, without persistence, killed afterwards. `stop()` and `start()` again on the same port
 * model an outage and a recovery; `pause()` and `resume()` (SIGSTOP, SIGCONT) a server that holds every
 * reply until the test lets it go, so a command timeout happens at a point the test chooses.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer, connect } from "node:net";

export interface TestRedis {
  port: number;
  url: string;
  /** Stop the server (SIGKILL: an outage, not a shutdown; a paused one too). Keys are lost, as with a restarted server without persistence. */
  stop(): Promise<void>;
  /** Start it again on the same port. */
  start(): Promise<void>;
  /** Freeze the server: connections stay open, commands are received, nothing is answered until resume(). */
  pause(): void;
  /** Let a paused server go on: it runs what it received meanwhile, in order. */
  resume(): void;
  close(): Promise<void>;
}

export async function startRedis(opts: { password?: string } = {}): Promise<TestRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "yes"];
    if (opts.password) args.push("--requirepass", opts.password);
    const proc = spawn("redis-server", args, { stdio: ["ignore", "pipe", "pipe"] });
    child = proc;
    let output = "";
    proc.stdout!.on("data", (d: Buffer) => (output += d.toString()));
    proc.stderr!.on("data", (d: Buffer) => (output += d.toString()));
    const exited = new Promise<never>((_, reject) => proc.once("exit", (code) => reject(new Error(`redis-server exited (${code}): ${output.slice(-500)}`))));
    // Ready when it answers PING (NOAUTH counts: it answered).
    await Promise.race([exited, waitForPing(port)]);
  };
  const stop = async () => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once("exit", () => resolve());
      proc.kill("SIGKILL");
    });
  };
  await start();
  const auth = opts.password ? `:${encodeURIComponent(opts.password)}@` : "";
  const signal = (name: NodeJS.Signals) => {
    if (!child || child.exitCode !== null || !child.kill(name)) throw new Error(`redis-server is not running (${name})`);
  };
  return { port, url: `redis://${auth}127.0.0.1:${port}`, stop, start, pause: () => signal("SIGSTOP"), resume: () => signal("SIGCONT"), close: stop };
}

/** Start-up is not a deadline: far beyond any start of redis-server on a loaded machine; a hang still fails. */
const START_LIMIT_MS = 45_000;

async function waitForPing(port: number): Promise<void> {
  for (const until = Date.now() + START_LIMIT_MS; Date.now() < until; ) {
    const answered = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1");
      socket.once("error", () => resolve(false));
      socket.once("connect", () => socket.write("PING\r\n"));
      socket.once("data", (d) => {
        socket.destroy();
        resolve(/PONG|NOAUTH/.test(d.toString()));
      });
    });
    if (answered) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`redis-server did not answer PING on port ${port} within ${START_LIMIT_MS / 1000} s`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
