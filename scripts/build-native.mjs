// Builds the native addons (native/<name>/) with node-gyp, skipping one whose
// build/Release/<name>.node is newer than its sources (netns.c, binding.gyp).
// Usage: node scripts/build-native.mjs   (npm run build:native; FORCE=1 rebuilds)
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const nodeGyp = path.join(root, "node_modules", ".bin", "node-gyp");
// Offline builds: headers from npm's nodedir, else from this node's own prefix (/usr/include/node).
const prefix = path.resolve(path.dirname(process.execPath), "..");
const nodedir = process.env.npm_config_nodedir || (existsSync(path.join(prefix, "include", "node", "node_api.h")) ? prefix : "");

for (const name of ["netns"]) {
  const dir = path.join(root, "native", name);
  const out = path.join(dir, "build", "Release", `${name}.node`);
  const sources = readdirSync(dir).filter((f) => /\.(c|h|gyp)$/.test(f)).map((f) => path.join(dir, f));
  const newest = Math.max(...sources.map((f) => statSync(f).mtimeMs));
  if (process.env.FORCE !== "1" && existsSync(out) && statSync(out).mtimeMs >= newest) continue;
  const r = spawnSync(nodeGyp, ["rebuild", "--loglevel=warn", `--directory=${dir}`, ...(nodedir ? [`--nodedir=${nodedir}`] : [])], { stdio: ["ignore", "ignore", "inherit"] });
  if (r.status !== 0) {
    console.error(`build-native: node-gyp rebuild for native/${name} failed (${r.error?.message ?? `exit ${r.status}`})`);
    process.exit(1);
  }
}
