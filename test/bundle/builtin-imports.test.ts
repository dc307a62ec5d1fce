/**
 * The bundle build takes Node built-ins through process.getBuiltinModule() instead of ESM imports
 * (scripts/bundle-entry.mjs says why): the rewrite of esbuild's import statements, on the forms esbuild writes,
 * and on the built bin itself.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { builtinImportsToConstants } from "../../scripts/bundle-entry.mjs";

const rewrite: (source: string) => string = builtinImportsToConstants;
const BANNER = 'import { createRequire as __fsmCreateRequire } from "node:module"; const require = __fsmCreateRequire(import.meta.url);';

describe("builtinImportsToConstants", () => {
  it("turns named, renamed, namespace and default imports into constants before the chunk's code", () => {
    const chunk = [
      BANNER,
      'import{a as b}from"./chunk-A.mjs";var x=1;import{readFileSync,join as join2}from"node:fs";import*as nodeModule from"node:module";import process2 from"node:process";function f(){return readFileSync}',
    ].join("\n");
    expect(rewrite(chunk).split("\n")).toEqual([
      BANNER,
      'const{readFileSync,join:join2}=process.getBuiltinModule("node:fs");const nodeModule=process.getBuiltinModule("node:module");const process2=process.getBuiltinModule("node:process");',
      'import{a as b}from"./chunk-A.mjs";var x=1;function f(){return readFileSync}',
    ]);
  });

  it("keeps the shebang first and the banner second", () => {
    const out = rewrite(["#!/usr/bin/env node", BANNER, 'import{homedir}from"node:os";await 0;'].join("\n")).split("\n");
    expect(out.slice(0, 3)).toEqual(["#!/usr/bin/env node", BANNER, 'const{homedir}=process.getBuiltinModule("node:os");']);
  });

  it("leaves what it cannot say as a constant: a default beside named imports, a bare import, a package", () => {
    const chunk = [BANNER, 'import fs,{readFileSync}from"node:fs";import"node:os";import{z}from"zod";import{default as u}from"node:util";'].join("\n");
    expect(rewrite(chunk)).toBe(chunk);
  });
});

describe("the built bin", () => {
  it("imports no built-in module as an ES module in any chunk", () => {
    const dir = join(import.meta.dirname, "../../dist/bundle");
    const files = readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".mjs"));
    expect(files.length).toBeGreaterThan(10);
    // The banner's own import of node:module is the one left, on line 1 or 2 of each file.
    const offenders = files.filter((f) => /from\s*"node:[\w/]+"/.test(readFileSync(join(dir, f), "utf8").split("\n").slice(2).join("\n")));
    expect(offenders).toEqual([]);
  });
});
