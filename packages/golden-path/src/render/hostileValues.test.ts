import { resolve as resolvePath } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { markdownBlocks, markdownTableValue } from '../__testUtils__/markdown';
import { validateCatalogInfo } from '../catalog/validateCatalogInfo';
import { loadTemplate } from '../template/loadTemplate';
import type { GoldenPathTemplate } from '../template/types';
import { renderSkeleton, RenderedFile } from './renderSkeleton';

/**
 * Answers that pass validation but that YAML reads as something other than a
 * string when written bare: YAML 1.1 booleans and nulls (Kubernetes reads
 * YAML 1.1), numbers, dates, flow collections, indicators, quotes, comments,
 * line breaks and characters YAML forbids or reads as line breaks.
 */
const NAMES = ['no', 'on', 'null', 'true', 'y', 'off', 'yes', 'n'];
const DESCRIPTIONS = [
  '2024-01-01',
  'null',
  '1e3',
  '0x1F',
  'yes',
  '- a',
  '{x: 1}',
  "'",
  '"',
  '#c',
  'line one\nline two: value\n  - item # not a comment\n',
  '~',
  '1:20',
  '012',
  '[a, b]',
  '&anchor *alias !tag %directive @at `tick` |block >folded',
  'tab\there \\ back\u007fslash \u0085 nel \u2028 ls \ufeff bom \u00e9',
];
// Valid entity names and namespaces that YAML 1.1 or 1.2 reads as non-strings.
const OWNERS = ['group:default/yes', 'group:012/null', 'user:default/1e3'];
const SYSTEMS = ['system:default/2024-01-01', 'system:no/0x1F', null];

const VARIANTS = ['none', 'postgres'].flatMap(database =>
  ['github-actions', 'gitlab-ci'].map(ciProvider => ({ database, ciProvider })),
);

const hostileAnswers = DESCRIPTIONS.map((description, i) => ({
  name: NAMES[i % NAMES.length],
  description,
  owner: OWNERS[i % OWNERS.length],
  system: SYSTEMS[i % SYSTEMS.length],
  lifecycle: 'production',
  // Another hostile text than the description's, so a mix-up shows.
  onCall: DESCRIPTIONS[(i + 7) % DESCRIPTIONS.length],
  port: 8081,
  ...VARIANTS[i % VARIANTS.length],
}));

/** The same choices with ordinary strings: the scalars that differ come from answers. */
const baselineFor = (answers: { database: string; ciProvider: string }) => ({
  ...answers,
  name: 'orders-api',
  description: 'Takes orders',
  owner: 'group:default/team-checkout',
  system: 'system:default/checkout',
  lifecycle: 'production',
  onCall: 'checkout-primary',
  port: 8081,
});

const isYaml = (path: string) => /\.ya?ml$/.test(path);
const textOf = (files: RenderedFile[], path: string) => {
  const file = files.find(f => f.path === path);
  if (!file) throw new Error(`${path} was not rendered`);
  return file.content.toString('utf8');
};

type Reading = 'yaml 1.1' | 'yaml 1.2' | 'failsafe';
function readYaml(text: string, path: string, reading: Reading): unknown[] {
  const docs = parseAllDocuments(
    text,
    reading === 'failsafe'
      ? { schema: 'failsafe' }
      : { version: reading === 'yaml 1.1' ? '1.1' : '1.2' },
  );
  if (!Array.isArray(docs)) return [];
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      throw new Error(`${path} (${reading}): ${doc.errors[0].message}`);
    }
  }
  return docs.map(doc => doc.toJS());
}

/**
 * Every scalar that depends on the answers (it differs from the baseline's)
 * must read, as YAML 1.1 and 1.2, as the very string written: failsafe reads
 * every scalar as its string.
 */
function answerScalarsThatAreNotStrings(
  path: string,
  text: string,
  baselineText: string,
): string[] {
  const problems: string[] = [];
  const failsafe = readYaml(text, path, 'failsafe');
  const baseline = readYaml(baselineText, path, 'failsafe');
  const typed = (['yaml 1.1', 'yaml 1.2'] as const).map(
    r => [r, readYaml(text, path, r)] as const,
  );
  const at = (root: unknown, keys: (string | number)[]) =>
    keys.reduce<any>((node, key) => node?.[key], root);
  const walk = (node: unknown, other: unknown, keys: (string | number)[]) => {
    if (typeof node === 'string') {
      if (node === other) return;
      for (const [reading, docs] of typed) {
        const value = at(docs, keys);
        if (value !== node) {
          problems.push(
            `${path} ${keys.join('.')}: written ${JSON.stringify(
              node,
            )}, ${reading} reads ${JSON.stringify(value)}`,
          );
        }
      }
      return;
    }
    if (node && typeof node === 'object') {
      if (!other || typeof other !== 'object') {
        problems.push(`${path} ${keys.join('.')}: structure differs`);
        return;
      }
      for (const [key, child] of Object.entries(node)) {
        const index = Array.isArray(node) ? Number(key) : key;
        walk(child, (other as any)[index], [...keys, index]);
      }
    }
  };
  walk(failsafe, baseline, []);
  return problems;
}

describe('rendering hostile answers', () => {
  let template: GoldenPathTemplate;
  const baselines = new Map<string, RenderedFile[]>();

  beforeAll(async () => {
    template = await loadTemplate(
      resolvePath(__dirname, '../../../../templates/typescript-service'),
    );
    for (const variant of VARIANTS) {
      baselines.set(
        JSON.stringify(variant),
        await renderSkeleton(template, baselineFor(variant)),
      );
    }
  });

  it('covers every string answer, both databases and both CI providers', () => {
    const strings = Object.entries(template.answerSchema.properties)
      .filter(([, p]) => p.type === 'string' && !p.enum && !p['x-portal-only'])
      .map(([field]) => field);
    expect(strings.sort()).toEqual([
      'description',
      'name',
      'onCall',
      'owner',
      'system',
    ]);
    expect(
      new Set(hostileAnswers.map(a => `${a.database} ${a.ciProvider}`)).size,
    ).toBe(4);
  });

  it('leaves the on-call row out of the README without an answer', async () => {
    const { onCall: _, ...answers } = baselineFor(VARIANTS[0]);
    const files = await renderSkeleton(template, answers);
    const readme = textOf(files, 'README.md');
    expect(markdownTableValue(readme, 'Owner')?.text).toContain(answers.owner);
    expect(markdownTableValue(readme, 'On call')).toBeUndefined();
  });

  it.each(hostileAnswers.map(a => [JSON.stringify(a), a] as const))(
    'reads back every value as entered: %s',
    async (_, answers) => {
      const files = await renderSkeleton(template, answers);
      const baseline = baselines.get(
        JSON.stringify({
          database: answers.database,
          ciProvider: answers.ciProvider,
        }),
      )!;
      expect(files.map(f => f.path)).toEqual(baseline.map(f => f.path));

      // Generic: no answer-dependent scalar in any YAML file changes type.
      const problems = files
        .filter(f => isYaml(f.path))
        .flatMap(f =>
          answerScalarsThatAreNotStrings(
            f.path,
            f.content.toString('utf8'),
            textOf(baseline, f.path),
          ),
        );
      expect(problems).toEqual([]);

      // Specific: each place an answer is written holds exactly that answer,
      // read as YAML 1.1 and as YAML 1.2.
      const { name, description, owner, system, onCall } = answers;
      const ownerName = owner.slice(owner.lastIndexOf('/') + 1);
      const systemName = system && system.slice(system.lastIndexOf('/') + 1);
      const postgres = answers.database === 'postgres';
      for (const version of ['yaml 1.1', 'yaml 1.2'] as const) {
        const read = (path: string) =>
          readYaml(textOf(files, path), path, version) as any[];

        const [component, api, resource] = read('catalog-info.yaml');
        expect(component.metadata).toMatchObject({
          name,
          description,
          annotations: {
            'backstage.io/kubernetes-id': name,
            'backstage.io/kubernetes-label-selector': `app.kubernetes.io/name=${name}`,
            'conway.dev/on-call': onCall,
          },
        });
        expect(
          JSON.parse(
            component.metadata.annotations['conway.dev/template-answers'],
          ),
        ).toMatchObject({ name, description, owner, system, onCall });
        for (const entity of [
          component,
          api,
          ...(postgres ? [resource] : []),
        ]) {
          expect(entity.spec.owner).toBe(owner);
          expect(entity.spec.system).toBe(system ?? undefined);
        }
        expect(component.spec.providesApis).toEqual([`${name}-api`]);
        expect(component.spec.dependsOn).toEqual(
          postgres ? [`resource:${name}-db`] : undefined,
        );
        expect(api.metadata.name).toBe(`${name}-api`);
        expect(resource?.metadata.name).toBe(
          postgres ? `${name}-db` : undefined,
        );

        const [openapi] = read('openapi.yaml');
        expect(openapi.info).toMatchObject({
          title: name,
          description,
          contact: { name: ownerName },
        });

        const labels = {
          'app.kubernetes.io/name': name,
          'app.kubernetes.io/instance': name,
        };
        const [kustomization] = read('k8s/base/kustomization.yaml');
        expect(kustomization.labels[0].pairs).toMatchObject({
          ...labels,
          'backstage.io/kubernetes-id': name,
        });
        expect(kustomization.labels[0].pairs['app.kubernetes.io/part-of']).toBe(
          systemName ?? undefined,
        );
        expect(kustomization.configMapGenerator[0].name).toBe(`${name}-config`);
        for (const overlay of ['dev', 'staging', 'prod']) {
          const [o] = read(`k8s/overlays/${overlay}/kustomization.yaml`);
          expect(o.configMapGenerator[0].name).toBe(`${name}-config`);
          expect(o.patches.map((p: any) => p.target.name)).toEqual([
            name,
            name,
          ]);
        }
        for (const kind of [
          'service',
          'serviceaccount',
          'hpa',
          'pdb',
          'networkpolicy',
          'servicemonitor',
        ]) {
          expect(read(`k8s/base/${kind}.yaml`)[0].metadata.name).toBe(name);
        }
        const [deployment] = read('k8s/base/deployment.yaml');
        const pod = deployment.spec.template.spec;
        expect(deployment.metadata.name).toBe(name);
        expect(deployment.spec.selector.matchLabels).toEqual(labels);
        expect(deployment.spec.template.metadata.labels).toEqual(labels);
        expect(pod.serviceAccountName).toBe(name);
        expect(pod.containers[0].name).toBe(name);
        expect(pod.containers[0].image).toMatch(
          new RegExp(`/northwind/${name}:`),
        );
        expect(pod.containers[0].envFrom[0].configMapRef.name).toBe(
          `${name}-config`,
        );
        const secret = pod.containers[0].env.find(
          (e: any) => e.name === 'DATABASE_URL',
        );
        expect(secret?.valueFrom.secretKeyRef.name).toBe(
          postgres ? `${name}-db` : undefined,
        );
        expect(read('k8s/base/service.yaml')[0].spec.selector).toEqual(labels);
        expect(read('k8s/base/hpa.yaml')[0].spec.scaleTargetRef.name).toBe(
          name,
        );

        const [rule] = read('k8s/base/prometheusrule.yaml');
        const [alerts] = read('observability/alerts.yaml');
        expect(rule.metadata.name).toBe(`${name}-slo`);
        for (const groups of [rule.spec.groups, alerts.groups]) {
          expect(groups.map((g: any) => g.name)).toEqual([
            `${name}-slo-recording`,
            `${name}-slo-alerts`,
          ]);
          for (const alert of groups[1].rules) {
            expect(alert.labels.team).toBe(ownerName);
            expect(alert.annotations.summary).toMatch(
              new RegExp(`^${name} is burning`),
            );
          }
        }
      }

      // The README shows the description and who is on call as the very
      // text, line breaks read as spaces (a table row is one line).
      const oneLine = (value: string) =>
        value.replace(/\r\n|[\n\r\u0085\u2028\u2029]/g, ' ').trim();
      const readme = textOf(files, 'README.md');
      expect(markdownBlocks(readme).slice(0, 3)).toEqual([
        { type: 'heading', text: name, markup: [] },
        { type: 'paragraph', text: oneLine(description), markup: [] },
        { type: 'table' },
      ]);
      expect(markdownTableValue(readme, 'On call')).toEqual({
        text: oneLine(onCall),
        markup: [],
      });
      expect(markdownTableValue(readme, 'Owner')?.text).toContain(owner);

      const dashboard = JSON.parse(
        textOf(files, 'observability/dashboard.json'),
      );
      expect(dashboard.title).toBe(name);
      expect(dashboard.description).toBe(description);
      expect(dashboard.tags).toContain(name);
      expect(
        dashboard.templating.list.find((v: any) => v.name === 'job').query,
      ).toBe(name);
      const record = JSON.parse(textOf(files, '.conway/golden-path.json'));
      expect(record.answers).toMatchObject({
        name,
        description,
        owner,
        system,
      });
      const pkg = JSON.parse(textOf(files, 'package.json'));
      expect(pkg).toMatchObject({ name, description });

      await expect(
        validateCatalogInfo(
          textOf(files, 'catalog-info.yaml'),
          'catalog-info.yaml',
        ),
      ).resolves.toEqual([]);
    },
  );
});
