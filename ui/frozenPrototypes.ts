// The desktop app freezes the built-in prototypes (tauri.conf.json: freezePrototype). Code that
// *assigns* a property which Object.prototype also has (`constructor`, `toString`, …) then throws:
// the inherited property is read-only, so assignment on a derived object fails (the "override
// mistake"). d3-color, under the charts, defines its colour classes that way. This build step
// defines those properties instead, which a frozen Object.prototype allows; any other module is
// left untouched, and a d3-color that no longer has the expected code fails the build.
import type { Plugin } from "vite";

const PATCHES: [from: string, to: string][] = [
  [
    "prototype.constructor = constructor;",
    'Object.defineProperty(prototype, "constructor", { value: constructor, writable: true, configurable: true });',
  ],
  [
    "for (var key in definition) prototype[key] = definition[key];",
    "for (var key in definition) Object.defineProperty(prototype, key, { value: definition[key], writable: true, configurable: true, enumerable: true });",
  ],
];

/** Is this the module that defines d3-color's classes (its ESM build, or a vendored copy)? */
function isD3Color(id: string): boolean {
  return /[\\/]d3-color[\\/](dist[\\/]d3-color\.m?js|src[\\/]define\.js)$/.test(id.split("?")[0] ?? "");
}

export function frozenPrototypeSafe(): Plugin {
  return {
    name: "keystead-frozen-prototype-safe",
    enforce: "pre",
    transform(code, id) {
      if (!isD3Color(id)) return null;
      let patched = code;
      for (const [from, to] of PATCHES) {
        if (!patched.includes(from)) {
          this.error(`${id}: expected \`${from}\` (d3-color changed: check it still runs under a frozen Object.prototype)`);
        }
        patched = patched.replaceAll(from, to);
      }
      return { code: patched, map: null };
    },
  };
}
