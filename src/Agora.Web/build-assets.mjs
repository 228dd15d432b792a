// Copies the front-end packages the pages use from node_modules into wwwroot/lib (git-ignored), and builds the
// small ECharts bundle: only the bar chart, the grid and the canvas renderer, which is all the profile charts draw
// (ECharts' core alone is ~127 KB gzipped, so the charts load only when a reader opens them).
import { build } from "esbuild";
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const lib = join(here, "wwwroot", "lib");
const modules = join(here, "node_modules");

rmSync(lib, { recursive: true, force: true });
mkdirSync(join(lib, "htmx"), { recursive: true });
mkdirSync(join(lib, "leaflet"), { recursive: true });
mkdirSync(join(lib, "echarts"), { recursive: true });

cpSync(join(modules, "htmx.org", "dist", "htmx.min.js"), join(lib, "htmx", "htmx.min.js"));
cpSync(join(modules, "htmx.org", "LICENSE"), join(lib, "htmx", "LICENSE"));
cpSync(join(modules, "leaflet", "dist", "leaflet.js"), join(lib, "leaflet", "leaflet.js"));
cpSync(join(modules, "leaflet", "dist", "leaflet.css"), join(lib, "leaflet", "leaflet.css"));
cpSync(join(modules, "leaflet", "dist", "images"), join(lib, "leaflet", "images"), { recursive: true });
cpSync(join(modules, "leaflet", "LICENSE"), join(lib, "leaflet", "LICENSE"));
cpSync(join(modules, "echarts", "LICENSE"), join(lib, "echarts", "LICENSE"));

await build({
  stdin: {
    contents: `
      import { init, use } from "echarts/core";
      import { BarChart } from "echarts/charts";
      import { GridComponent } from "echarts/components";
      import { CanvasRenderer } from "echarts/renderers";
      use([BarChart, GridComponent, CanvasRenderer]);
      // Only what dataset.js calls: exporting the whole core namespace would keep every export of it in the bundle.
      window.echarts = { init };`,
    resolveDir: here,
    loader: "js",
  },
  bundle: true,
  minify: true,
  format: "iife",
  target: "es2020",
  legalComments: "none",
  outfile: join(lib, "echarts", "echarts.custom.min.js"),
  logLevel: "warning",
});

writeFileSync(join(lib, ".stamp"), new Date().toISOString() + "\n");
