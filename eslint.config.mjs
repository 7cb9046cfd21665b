// Next's recommended and Core Web Vitals rules, React hooks, accessibility and typescript-eslint,
// assembled from the plugins directly: eslint-config-next pulls in unrs-resolver, whose
// platform packages the registry reachable here lacks, which makes `npm ci` refuse the lock.
import nextPlugin from "@next/eslint-plugin-next";
import reactHooks from "eslint-plugin-react-hooks";
import jsxA11y from "eslint-plugin-jsx-a11y";
import tseslint from "typescript-eslint";

// docs/architecture.md's dependency rules, checked here rather than trusted to review.
const DATABASE_DRIVERS = ["better-sqlite3", "pg"].map((name) => ({ name, message: "only db/ opens the database: use db/index.ts and db/queries." }));
const DRIZZLE_DRIVERS = {
  group: ["drizzle-orm/*", "!drizzle-orm/sqlite-core", "!drizzle-orm/sqlite-core/*", "!drizzle-orm/pg-core", "!drizzle-orm/pg-core/*"],
  message: "drizzle's drivers and migrator open databases, which only db/ does.",
};
const PURE_MODULES = ["lib/agreement/**", "lib/aggregate/**", "lib/active-learning/**", "lib/import/**", "lib/export/**", "lib/random/**"].map((folder) => `${folder}/*.{ts,tsx,mjs}`);

export default tseslint.config(
  { ignores: [".next/**", "node_modules/**", "data/**", "models/**", "public/ort/**", "bench/out/**", "next-env.d.ts", "test-results/**"] },
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx,mjs}"],
    plugins: { "@next/next": nextPlugin, "react-hooks": reactHooks, "jsx-a11y": jsxA11y },
    languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } },
    rules: {
      ...nextPlugin.configs.recommended.rules,
      ...nextPlugin.configs["core-web-vitals"].rules,
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "warn",
      "jsx-a11y/alt-text": "warn",
      "jsx-a11y/aria-props": "warn",
      "jsx-a11y/aria-proptypes": "warn",
      "jsx-a11y/aria-unsupported-elements": "warn",
      "jsx-a11y/role-has-required-aria-props": "warn",
      "jsx-a11y/role-supports-aria-props": "warn",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Every query is awaited (docs/decisions/0002): a promise used as a value, or dropped, is a
    // statement that runs outside its transaction or not before the answer.
    files: ["**/*.{ts,tsx}"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: false }],
      "@typescript-eslint/await-thenable": "error",
    },
  },
  {
    // Only db/ opens the database: its drivers (and drizzle's adapters over them) stay inside it.
    files: ["**/*.{ts,tsx,mjs}"],
    ignores: ["db/**"],
    rules: { "@typescript-eslint/no-restricted-imports": ["error", { paths: DATABASE_DRIVERS, patterns: [DRIZZLE_DRIVERS] }] },
  },
  {
    // The architecture's arrows: UI code never reaches the database, and takes only types from a
    // capability's server half (client components get data through app/api routes or props).
    files: ["components/**/*.{ts,tsx}", "lib/ml/**/*.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          paths: DATABASE_DRIVERS,
          patterns: [
            DRIZZLE_DRIVERS,
            { group: ["@/db", "@/db/*"], allowTypeImports: true, message: "components and lib/ml get data through app/api routes or props, never from db/." },
            { group: ["@/lib/*/server", "@/lib/*/server/*"], allowTypeImports: true, message: "a server half runs on the server only; import its types, and reach it through app/api." },
          ],
        },
      ],
    },
  },
  {
    // The pure cores: arrays in, numbers and records out, the same in the app, the CLI, the
    // benchmarks and the browser. No database, no Next.js, no React, no network.
    files: PURE_MODULES,
    ignores: ["lib/*/server/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          paths: DATABASE_DRIVERS,
          patterns: [
            DRIZZLE_DRIVERS,
            { group: ["@/db", "@/db/*"], message: "a pure module takes its data as arguments; the database belongs to db/ and the capability's server/ half." },
            { group: ["next", "next/*", "next-auth", "next-auth/*"], message: "a pure module runs outside Next.js too (CLI, benchmarks, worker threads)." },
            { group: ["react", "react/*", "react-dom", "react-dom/*"], message: "a pure module renders nothing; React lives in components/." },
          ],
        },
      ],
      "no-restricted-globals": ["error", { name: "fetch", message: "a pure module does no I/O: take the data as an argument." }],
      "no-restricted-properties": [
        "error",
        ...["globalThis", "window", "self"].map((object) => ({ object, property: "fetch", message: "a pure module does no I/O: take the data as an argument." })),
      ],
    },
  },
);
