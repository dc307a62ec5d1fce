/**
 * Keep undici's HTTP parser on V8's baseline WebAssembly code. undici parses responses with llhttp compiled to
 * WebAssembly; once it is hot (a lookup fill reads thousands of pages) V8 compiles it again with its optimizing
 * compiler on a background thread, whose working memory (a 7.4 MB compile zone on Node 24) comes from malloc.
 * Freeing a block that large makes glibc raise its trim threshold to twice its size, after which the process's
 * heap is never given back below ~15 MB of free space (measured with strace and /proc/self/smaps: the lookup fill
 * of 50,000 assets left glibc's heap at 30 MB instead of 16, RSS +15 MB on Node 24, +5 MB on Node 22). The
 * baseline code (Liftoff) parses the same bytes; HTTP parsing is a small part of a vendor call, which waits on
 * the network. Set before undici is loaded (client.ts loadHttpStack), so its module is compiled under them: V8
 * reads these flags when it compiles a module. `v8.setFlagsFromString` after start is what Node documents as
 * possibly unpredictable; these two only decide whether wasm code is compiled again, and the server runs no
 * other WebAssembly. A runtime that refuses them keeps its defaults.
 */
/** Called once, before undici's first load (setting the flags again would change nothing). */
export function keepWasmOnBaselineTier(): void {
  try {
    // Taken when needed, not imported: this module loads with the client at start, node:v8 need not.
    const { setFlagsFromString } = process.getBuiltinModule("node:v8");
    setFlagsFromString("--no-wasm-tier-up");
    setFlagsFromString("--no-wasm-dynamic-tiering");
  } catch {
    // defaults stay: only memory is at stake
  }
}
