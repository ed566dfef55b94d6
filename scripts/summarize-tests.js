// Sums the jest JSON results and node:test TAP output of scripts/test.sh and
// prints one closing line: "N passed, N failed, N skipped".
const fs = require('node:fs');
const path = require('node:path');

const [dir, ...failedSteps] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of fs.readdirSync(dir)) {
  const text = fs.readFileSync(path.join(dir, file), 'utf8');
  if (file.endsWith('.json')) {
    const r = JSON.parse(text);
    passed += r.numPassedTests;
    failed += r.numFailedTests + (r.numRuntimeErrorTestSuites || 0);
    skipped += r.numPendingTests + (r.numTodoTests || 0);
  } else if (file.endsWith('.tap')) {
    const count = key => Number((text.match(new RegExp(`^# ${key} (\\d+)`, 'm')) || [0, 0])[1]);
    passed += count('pass');
    failed += count('fail');
    skipped += count('skipped') + count('todo');
  }
}
if (failedSteps.length) {
  console.log(`Failed steps: ${failedSteps.join(', ')}`);
}
// A failed step that left no test results (type check, lint, build, the load benchmark, or a
// test run that crashed before writing them) counts as one failure.
const withoutResults = failedSteps.filter(
  s => !fs.existsSync(path.join(dir, `${s}.json`)) && !fs.existsSync(path.join(dir, `${s}.tap`)),
);
console.log(`${passed} passed, ${failed + withoutResults.length} failed, ${skipped} skipped`);
process.exit(failedSteps.length || failed ? 1 : 0);
