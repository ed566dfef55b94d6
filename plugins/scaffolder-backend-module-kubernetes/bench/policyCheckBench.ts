/**
 * Policy-check benchmark (issue 5): the checks kubernetes:apply runs before it
 * applies, over one service's rendered prod overlay.
 *  - checkManifestDirectory(k8s/overlays/prod, { catalogInfo }), median of 20
 *    (renders with `kubectl kustomize`, then schemas and policies);
 *  - `kubectl kustomize` alone (renderKustomize), median of 20: a separate process;
 *  - the checks alone on the rendered objects (validateManifestSchemas + checkPolicies),
 *    median of 20.
 * The first run of each loads modules (kubernetes-models' schemas) and is reported apart.
 *
 *   node --import tsx plugins/scaffolder-backend-module-kubernetes/bench/policyCheckBench.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  checkManifestDirectory,
  checkPolicies,
  loadTemplate,
  renderKustomize,
  renderToDirectory,
  validateManifestSchemas,
} from '@conway/golden-path';
import { parse } from 'yaml';

// A benchmark script run from source: the repository's template is next door.
const TEMPLATE_DIR = path.resolve(
  // eslint-disable-next-line no-restricted-syntax
  __dirname,
  '../../../templates/typescript-service',
);
const RUNS = 20;

const median = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function time(fn: () => Promise<unknown>) {
  const times: number[] = [];
  for (let i = 0; i <= RUNS; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  const [first, ...rest] = times;
  return `${median(rest).toFixed(1)} ms (first ${first.toFixed(
    0,
  )} ms, min ${Math.min(...rest).toFixed(1)}, max ${Math.max(...rest).toFixed(
    1,
  )})`;
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-bench-'));
  try {
    const template = await loadTemplate(TEMPLATE_DIR);
    await renderToDirectory(
      template,
      {
        name: 'orders-api',
        description: 'Benchmark service',
        owner: 'group:default/team-checkout',
        system: 'system:default/checkout',
        lifecycle: 'production',
        port: 8080,
        database: 'postgres',
        ciProvider: 'github-actions',
      },
      dir,
    );
    const overlay = path.join(dir, 'k8s/overlays/prod');
    const catalogInfo = path.join(dir, 'catalog-info.yaml');

    const report = await checkManifestDirectory(overlay, { catalogInfo });
    if (report.findings.length || report.skipped.length) {
      throw new Error(
        `expected a clean report: ${JSON.stringify(report.findings)} ${
          report.skipped
        }`,
      );
    }
    const rendered = await renderKustomize(overlay);
    if (!('objects' in rendered)) throw new Error(rendered.skipped);
    const catalogEntity = parse(
      fs.readFileSync(catalogInfo, 'utf8').split('\n---')[0],
    );

    const rows = [
      [
        `checkManifestDirectory(k8s/overlays/prod), ${report.objects.length} objects, median of ${RUNS}`,
        await time(() => checkManifestDirectory(overlay, { catalogInfo })),
        '< 50 ms',
      ],
      [
        `  kubectl kustomize alone (renderKustomize, a process), median of ${RUNS}`,
        await time(() => renderKustomize(overlay)),
        '',
      ],
      [
        `  schema + policy checks alone, in process, median of ${RUNS}`,
        await time(async () => {
          await validateManifestSchemas(rendered.objects);
          checkPolicies(rendered.objects, { catalogEntity });
        }),
        '',
      ],
    ];
    console.log('| Measure | Result | Target |\n|---|---|---|');
    for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
