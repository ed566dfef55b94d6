#!/usr/bin/env node
// Lists every use of a @deprecated API in the repository's own TypeScript sources: the
// strike-throughs an editor shows (TypeScript suggestion diagnostics 6385 and 6387), which
// `yarn tsc` does not report. Run it after a Backstage upgrade (docs/upgrading-backstage.md):
//
//   node scripts/list-deprecated-apis.js            # one line per use
//   node scripts/list-deprecated-apis.js --summary  # uses per deprecated name
//
// Informational: always exits 0. Takes ~30 s (a language service over the whole project).
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const ts = require(require.resolve('typescript', { paths: [root] }));

const config = ts.readConfigFile(
  path.join(root, 'tsconfig.json'),
  ts.sys.readFile,
);
const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
const files = parsed.fileNames.filter(
  f => !f.includes('/node_modules/') && !f.includes('/dist'),
);
const service = ts.createLanguageService(
  {
    getScriptFileNames: () => files,
    getScriptVersion: () => '1',
    getScriptSnapshot: f =>
      ts.sys.fileExists(f)
        ? ts.ScriptSnapshot.fromString(ts.sys.readFile(f))
        : undefined,
    getCurrentDirectory: () => root,
    getCompilationSettings: () => parsed.options,
    getDefaultLibFileName: options => ts.getDefaultLibFilePath(options),
    fileExists: ts.sys.fileExists,
    readFile: ts.sys.readFile,
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  },
  ts.createDocumentRegistry(),
);

const uses = [];
for (const file of files) {
  // Imports are left out: their uses are listed, and an import of an overloaded function
  // is flagged when only one of its signatures is deprecated.
  const imports = (service.getProgram()?.getSourceFile(file)?.statements ?? [])
    .filter(ts.isImportDeclaration)
    .map(s => [s.getStart(), s.getEnd()]);
  for (const d of service.getSuggestionDiagnostics(file)) {
    if (d.code !== 6385 && d.code !== 6387) continue;
    if (imports.some(([from, to]) => d.start >= from && d.start < to)) continue;
    const { line } = d.file.getLineAndCharacterOfPosition(d.start);
    const name = d.file.text.slice(d.start, d.start + d.length);
    uses.push({ at: `${path.relative(root, file)}:${line + 1}`, name });
  }
}
if (process.argv.includes('--summary')) {
  const counts = new Map();
  for (const { name } of uses) counts.set(name, (counts.get(name) ?? 0) + 1);
  for (const [name, count] of [...counts].sort((a, b) => b[1] - a[1])) {
    console.log(`${String(count).padStart(4)}  ${name}`);
  }
} else {
  const seen = new Set();
  for (const { at, name } of uses) {
    if (!seen.has(`${at} ${name}`)) console.log(`${at}  ${name}`);
    seen.add(`${at} ${name}`);
  }
}
console.log(`${uses.length} use(s) of deprecated APIs`);
