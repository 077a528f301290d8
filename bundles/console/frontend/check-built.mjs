// Fails the build when the built index.html carries inline script or style, which the console's CSP
// (script-src 'self'; style-src 'self') would block: every script and style must be a file under /assets/.
import { readFileSync } from "node:fs";

const file = new URL("../target/classes/static/index.html", import.meta.url);
const html = readFileSync(file, "utf8");
const problems = [];
for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
  if (m[2].trim() !== "") problems.push("inline <script> content");
  if (!/\bsrc=/.test(m[1])) problems.push("<script> without src");
}
if (/<style\b/i.test(html)) problems.push("inline <style> element");
if (/\sstyle\s*=/i.test(html)) problems.push("inline style attribute");
if (/\son[a-z]+\s*=/i.test(html)) problems.push("inline event handler attribute");
for (const m of html.matchAll(/\b(?:src|href)="([^"]*)"/gi)) {
  const url = m[1];
  if (!url.startsWith("/assets/") && url !== "data:,") problems.push("reference outside /assets/: " + url);
}
if (problems.length > 0) {
  console.error("check-built: index.html breaks the console's CSP:\n  " + problems.join("\n  "));
  process.exit(1);
}
console.log("check-built: index.html has no inline script or style");
