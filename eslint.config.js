// Lint: strict TypeScript rules. Layering (imports only point down) is checked by
// dependency-cruiser (.dependency-cruiser.cjs), run by `npm run lint`.
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "max-lines": ["error", { max: 500, skipBlankLines: true, skipComments: true }],
      "no-restricted-syntax": [
        "error",
        { selector: "CallExpression[callee.property.name='execSync']", message: "Spawn binaries only through src/kernel/exec.ts" },
      ],
    },
  },
  {
    files: ["src/**/*.ts"],
    ignores: ["src/kernel/exec.ts", "src/**/*.test.ts"],
    rules: {
      "no-restricted-imports": ["error", {
        paths: [
          { name: "node:child_process", message: "Spawn binaries only through the gateway in src/kernel/exec.ts" },
          { name: "child_process", message: "Spawn binaries only through the gateway in src/kernel/exec.ts" },
        ],
      }],
    },
  },
);
