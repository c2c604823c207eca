// mermaid-parse.mjs: Mermaid's own parser on each file named (tests/export.sh).
// Usage: node tests/mermaid-parse.mjs NODE_MODULES FILE...; NODE_MODULES
// holds mermaid and jsdom (a developer's npm install: no runtime part of
// tcpviz). Prints "ok FILE" or "bad FILE: why" per file; exit 1 if any is bad.
import { readFileSync } from 'fs';
import { join } from 'path';
import { pathToFileURL } from 'url';

const [mods, ...files] = process.argv.slice(2);
const load = (name, file) => import(pathToFileURL(join(mods, name, file)).href);
const { JSDOM } = await load('jsdom', 'lib/api.js');
const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const mermaid = (await load('mermaid', 'dist/mermaid.core.mjs')).default;
mermaid.initialize({ startOnLoad: false });
let bad = 0;
for (const f of files) {
	try {
		await mermaid.parse(readFileSync(f, 'utf8'));
		console.log('ok ' + f);
	} catch (e) {
		bad++;
		console.log('bad ' + f + ': ' + String(e.message || e).split('\n')[0]);
	}
}
process.exit(bad ? 1 : 0);
