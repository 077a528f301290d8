// Fails the build when the console's source could put text into the page as markup or run text as code:
// captured content must only ever reach the DOM as React text nodes.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const root = new URL("./src", import.meta.url).pathname;
const forbidden = [
  ["dangerouslySetInnerHTML", /dangerouslySetInnerHTML/],
  ["innerHTML", /\binnerHTML\b/],
  ["outerHTML", /\bouterHTML\b/],
  ["insertAdjacentHTML", /\binsertAdjacentHTML\b/],
  ["document.write", /\bdocument\s*\.\s*write(ln)?\b/],
  ["eval(", /\beval\s*\(/],
  ["new Function", /\bnew\s+Function\b/],
];

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

const problems = [];
for (const file of files(root)) {
  const lines = readFileSync(file, "utf8").split("\n");
  lines.forEach((line, i) => {
    for (const [name, re] of forbidden) {
      if (re.test(line)) problems.push(`${relative(root, file)}:${i + 1}: ${name}`);
    }
  });
}
if (problems.length > 0) {
  console.error("check-safety: forbidden HTML/code sinks in src/:\n  " + problems.join("\n  "));
  process.exit(1);
}
console.log("check-safety: no HTML or code sinks in src/");
