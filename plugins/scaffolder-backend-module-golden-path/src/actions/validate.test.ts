import fs from 'node:fs';
import path from 'node:path';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { loadTemplate, renderToDirectory } from '@conway/golden-path';
import { TEMPLATE_DIR, VALID_VALUES } from '../__testUtils__/fixtures';
import { createValidateGoldenPathAction } from './validate';

jest.setTimeout(60_000);

describe('golden-path:validate', () => {
  const mockDir = createMockDirectory();
  const rendered = () => mockDir.resolve('rendered');
  const workspace = () => mockDir.resolve('workspace');
  const action = createValidateGoldenPathAction();

  beforeAll(async () => {
    const template = await loadTemplate(TEMPLATE_DIR);
    await renderToDirectory(
      template,
      { ...VALID_VALUES, database: 'postgres' },
      rendered(),
    );
  });

  beforeEach(() => {
    fs.rmSync(workspace(), { recursive: true, force: true });
    fs.cpSync(rendered(), workspace(), { recursive: true });
  });

  const edit = (file: string, from: string | RegExp, to: string) => {
    const p = path.join(workspace(), file);
    const before = fs.readFileSync(p, 'utf8');
    const after = before.replace(from, to);
    expect(after).not.toBe(before);
    fs.writeFileSync(p, after);
  };

  it('passes a rendered project, checking every overlay and the catalog file', async () => {
    const ctx = createMockActionContext({ workspacePath: workspace() });
    const info = jest.spyOn(ctx.logger, 'info');
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('errors', 0);
    expect(ctx.output).toHaveBeenCalledWith('warnings', 0);
    // 3 overlays, each with the base's objects (rendered by kustomize, not skipped).
    const objects = (ctx.output as jest.Mock).mock.calls.find(
      ([name]) => name === 'objects',
    )[1];
    expect(objects).toBeGreaterThanOrEqual(3 * 9);
    expect(info).toHaveBeenCalledWith(
      expect.stringMatching(
        /^Checked catalog-info.yaml, the pipelines and k8s\/overlays\/dev, k8s\/overlays\/prod, k8s\/overlays\/staging:\n.*0 error\(s\), 0 warning\(s\)$/s,
      ),
    );
  });

  it("fails when the pipeline reads a file the project lacks, naming the job and the file", async () => {
    fs.rmSync(path.join(workspace(), '.nvmrc'));
    const ctx = createMockActionContext({ workspacePath: workspace() });
    const done = action.handler(ctx);
    await expect(done).rejects.toThrow(InputError);
    await expect(done).rejects.toThrow(
      /ERROR \[pipeline-reference\] github-actions\/verify .*job 'verify' refers to \.nvmrc \(node-version-file of actions\/setup-node@[0-9a-f]{40}\)/,
    );
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it('fails with a report naming each check, object and problem', async () => {
    edit(
      'k8s/base/deployment.yaml',
      /runAsNonRoot: true/g,
      'runAsNonRoot: false',
    );
    edit(
      'catalog-info.yaml',
      'backstage.io/kubernetes-id: "orders-api"',
      'backstage.io/kubernetes-id: "orders"',
    );
    const ctx = createMockActionContext({ workspacePath: workspace() });
    const done = action.handler(ctx);
    await expect(done).rejects.toThrow(InputError);
    await expect(done).rejects.toThrow(
      /^golden-path:validate found \d+ error\(s\) in catalog-info.yaml, the pipelines and k8s\/overlays\/dev, /,
    );
    await expect(done).rejects.toThrow(
      /ERROR \[run-as-non-root\] Deployment\/orders-api \(k8s\/overlays\/dev \(kustomize\), document \d+\): /,
    );
    await expect(done).rejects.toThrow(/ERROR \[kubernetes-id-label\] /);
    await expect(done).rejects.toThrow(/Why:\n {2}run-as-non-root: /);
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it('fails on an invalid catalog entity', async () => {
    edit('catalog-info.yaml', 'lifecycle: "experimental"', 'lifecycle: [x]');
    const done = action.handler(
      createMockActionContext({ workspacePath: workspace() }),
    );
    await expect(done).rejects.toThrow(
      /ERROR \[catalog-entity-valid\] component:default\/orders-api \(catalog-info.yaml, document 0\): /,
    );
  });

  it('names what is missing', async () => {
    fs.rmSync(path.join(workspace(), 'k8s'), { recursive: true });
    await expect(
      action.handler(createMockActionContext({ workspacePath: workspace() })),
    ).rejects.toThrow(
      "No manifests directory 'k8s' in the project to validate",
    );
    fs.rmSync(path.join(workspace(), 'catalog-info.yaml'));
    await expect(
      action.handler(createMockActionContext({ workspacePath: workspace() })),
    ).rejects.toThrow('No catalog-info.yaml in the project to validate');
  });

  it('checks a project in a subdirectory and refuses paths outside the workspace', async () => {
    fs.renameSync(workspace(), mockDir.resolve('project'));
    fs.mkdirSync(workspace());
    fs.renameSync(
      mockDir.resolve('project'),
      path.join(workspace(), 'service'),
    );
    const ctx = createMockActionContext({
      workspacePath: workspace(),
      input: { path: 'service' },
    });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('errors', 0);

    await expect(
      action.handler(
        createMockActionContext({
          workspacePath: workspace(),
          input: { path: '..' },
        }),
      ),
    ).rejects.toThrow("path '..' must stay inside the workspace");
  });
});
