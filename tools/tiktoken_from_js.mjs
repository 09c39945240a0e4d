#!/usr/bin/env node
// Writes OpenAI .tiktoken rank files from the ranks the js-tiktoken npm package ships, for
// machines that cannot reach the providers' URLs but can reach the npm registry.
//
//   npm install js-tiktoken            (in any folder; run this script from that folder,
//                                       or give it with --modules DIR)
//   node tools/tiktoken_from_js.mjs [--modules DIR] OUTDIR [ENCODING...]
//
// ENCODING defaults to cl100k_base and o200k_base.  Each becomes OUTDIR/ENCODING.tiktoken
// ("base64-token rank" lines, as the providers publish them); an encoding holobench has no
// built-in pattern for (gpt2, r50k_base, p50k_base, p50k_edit) also gets OUTDIR/ENCODING.json
// with the pattern js-tiktoken uses.
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";

const args = process.argv.slice(2);
let modules = process.cwd();
const mi = args.indexOf("--modules");
if (mi >= 0) {
  modules = path.resolve(args[mi + 1] ?? ".");
  args.splice(mi, 2);
}
if (args.length < 1 || args[0].startsWith("-")) {
  console.error("usage: node tools/tiktoken_from_js.mjs [--modules DIR] OUTDIR [ENCODING...]");
  process.exit(2);
}
const [outdir, ...wanted] = args;
const encodings = wanted.length ? wanted : ["cl100k_base", "o200k_base"];
const builtin = new Set(["cl100k_base", "o200k_base"]);
const require = createRequire(path.join(modules, "package.json"));
fs.mkdirSync(outdir, { recursive: true });

for (const name of encodings) {
  let ranks;
  try {
    ranks = require(`js-tiktoken/ranks/${name}`);
  } catch (e) {
    console.error(`cannot load js-tiktoken's '${name}' from ${modules}: ${e.message}`);
    process.exit(1);
  }
  ranks = ranks.default ?? ranks;
  // js-tiktoken's compact form: lines of "! FIRST-RANK TOKEN TOKEN …" (see its Tiktoken class)
  const lines = [];
  for (const line of ranks.bpe_ranks.split("\n")) {
    if (!line) continue;
    const [, first, ...tokens] = line.split(" ");
    const offset = Number.parseInt(first, 10);
    tokens.forEach((tok, i) => lines.push([offset + i, tok]));
  }
  lines.sort((a, b) => a[0] - b[0]);
  const file = path.join(outdir, `${name}.tiktoken`);
  fs.writeFileSync(file + ".tmp", lines.map(([r, t]) => `${t} ${r}\n`).join(""));
  fs.renameSync(file + ".tmp", file);
  if (!builtin.has(name)) {
    const side = { name, pattern: ranks.pat_str, special_tokens: ranks.special_tokens };
    fs.writeFileSync(path.join(outdir, `${name}.json`), JSON.stringify(side, null, 2) + "\n");
  }
  console.error(`wrote ${file}: ${lines.length} tokens`);
}
