// Layering rules from docs/architecture.md: imports only point down.
// Each rule names a layer and the layers it must NOT import.
const layer = (name, allowed) => ({
  name: `layer-${name}`,
  severity: "error",
  comment: `src/${name} may import only: ${allowed.join(", ") || "nothing"} (and itself)`,
  from: { path: `^src/${name}/` },
  to: { path: `^src/(?!(${[name, ...allowed].join("|")})/)[^/]+/` },
});

module.exports = {
  forbidden: [
    layer("lib", []),
    layer("model", ["lib"]),
    layer("ipam", ["lib", "model"]),
    layer("kernel", ["lib"]),
    layer("firewall", ["lib", "model", "kernel"]),
    layer("network", ["lib", "model", "ipam", "kernel", "firewall"]),
    layer("dns", ["lib", "model", "kernel"]),
    layer("runtime", ["lib", "model", "kernel"]),
    layer("store", ["lib", "model"]),
    layer("engine", ["lib", "model", "ipam", "kernel", "firewall", "network", "dns", "runtime", "store"]),
    layer("api", ["engine", "model", "lib"]),
    layer("cli", ["api/wire", "model", "lib"].map((x) => x.replace("/", "\\/"))),
    {
      name: "lib-no-node",
      severity: "error",
      comment: "src/lib is pure: no node:* built-ins",
      from: { path: "^src/lib/", pathNot: "\\.test\\.ts$" },
      to: { dependencyTypes: ["core"] },
    },
    { name: "no-circular", severity: "error", from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    exclude: { path: "\\.test\\.ts$" },
  },
};
