// Bundle the front end into dist/ (what tauri.conf.json's frontendDist points at):
// src/main.ts → dist/main.js (esbuild), index.html and styles.css copied as they are.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";

rmSync("dist", { recursive: true, force: true });
mkdirSync("dist");
await build({
  entryPoints: ["src/main.ts"],
  loader: { ".ftl": "text" },
  bundle: true,
  format: "esm",
  target: "es2021",
  outfile: "dist/main.js",
  sourcemap: false,
  minify: false,
  legalComments: "none",
  logLevel: "warning",
});
copyFileSync("index.html", "dist/index.html");
copyFileSync("src/styles.css", "dist/styles.css");
console.log("ui: built dist/");
