// Renders every kustomize overlay and validates each object against the Kubernetes and
// Prometheus Operator OpenAPI schemas, offline (kubernetes-models). Run by CI before an image is
// built: `npm run check:manifests`. Needs `kustomize` or `kubectl` on PATH.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { parseAllDocuments } from 'yaml';

const OVERLAYS = 'k8s/overlays';
const out = line => process.stdout.write(`${line}\n`);
const err = line => process.stderr.write(`${line}\n`);

/** Where kubernetes-models keeps the class of an apiVersion's kind. */
function modelModule(apiVersion, kind) {
  if (apiVersion.startsWith('monitoring.coreos.com/')) {
    return `@kubernetes-models/prometheus-operator/${apiVersion}/${kind}`;
  }
  return `kubernetes-models/${apiVersion}/${kind}`;
}

function onPath(command) {
  try {
    execFileSync(command, ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function render(overlay) {
  const [command, args] = onPath('kustomize')
    ? ['kustomize', ['build', overlay]]
    : ['kubectl', ['kustomize', overlay]];
  return execFileSync(command, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
}

async function validate(object) {
  const { apiVersion, kind } = object;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
    return 'has no apiVersion or kind';
  }
  let Model;
  try {
    Model = (await import(modelModule(apiVersion, kind)))[kind];
  } catch {
    return `no schema for ${apiVersion} ${kind}`;
  }
  try {
    new Model(object).validate();
    return undefined;
  } catch (error) {
    return String(error.message ?? error);
  }
}

const overlays = readdirSync(OVERLAYS, { withFileTypes: true })
  .filter(entry => entry.isDirectory())
  .map(entry => path.join(OVERLAYS, entry.name));
if (overlays.length === 0) {
  err(`no overlays under ${OVERLAYS}/`);
  process.exit(1);
}

let failures = 0;
for (const overlay of overlays) {
  const documents = parseAllDocuments(render(overlay));
  let objects = 0;
  for (const document of documents) {
    if (document.errors.length > 0) {
      err(`${overlay}: unreadable YAML: ${document.errors[0].message}`);
      failures++;
      continue;
    }
    const object = document.toJS();
    if (object === null) continue;
    objects++;
    const problem = await validate(object);
    if (problem) {
      const name = object.metadata?.name ?? '(no name)';
      err(`${overlay}: ${object.kind ?? '?'} ${name}: ${problem}`);
      failures++;
    }
  }
  out(`${overlay}: ${objects} objects checked`);
}
if (failures > 0) {
  err(`${failures} invalid object(s)`);
  process.exit(1);
}
