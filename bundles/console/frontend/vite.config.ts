import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

// The bundle serves the built SPA from its classpath folder static/; hashed files go to static/assets/.
const outDir = fileURLToPath(new URL("../target/classes/static", import.meta.url));

export default defineConfig({
  esbuild: { jsx: "automatic" },
  base: "/",
  build: {
    outDir,
    emptyOutDir: true,
    assetsDir: "assets",
    // The polyfill would be inlined into index.html, which the CSP (script-src 'self') forbids.
    modulePreload: { polyfill: false },
    // Never inline assets as data: URLs into scripts or styles; they are served as files.
    assetsInlineLimit: 0,
    sourcemap: false,
    chunkSizeWarningLimit: 700,
    rollupOptions: {
      onwarn(warning, warn) {
        // react-router marks its modules "use client" (for server components); meaningless in this SPA
        if (warning.code === "MODULE_LEVEL_DIRECTIVE") return;
        warn(warning);
      },
      output: {
        manualChunks(id) {
          if (id.includes("node_modules/echarts") || id.includes("node_modules/zrender")) return "echarts";
          if (id.includes("node_modules/react") || id.includes("node_modules/scheduler")) return "react";
          return undefined;
        },
      },
    },
  },
  server: {
    proxy: { "/api": "http://127.0.0.1:8080", "/metrics": "http://127.0.0.1:8080" },
  },
});
