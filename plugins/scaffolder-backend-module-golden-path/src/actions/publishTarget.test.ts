import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createPublishTargetAction } from './publishTarget';

describe('golden-path:publish-target', () => {
  const run = async (config: object) => {
    const ctx = createMockActionContext({ input: { repo: 'orders-api' } });
    await createPublishTargetAction({
      config: new ConfigReader(config),
    }).handler(ctx);
    return ctx.output as jest.Mock;
  };

  it('publishes locally when no GitHub integration has credentials', async () => {
    for (const config of [
      {},
      { integrations: {} },
      { integrations: { github: [{ host: 'github.com' }] } },
    ]) {
      const output = await run(config);
      expect(output).toHaveBeenCalledWith('github', false);
    }
  });

  it('publishes to GitHub with a token or an App, in conway.github.org', async () => {
    const token = await run({
      integrations: { github: [{ host: 'github.com', token: 'ghp_x' }] },
    });
    expect(token).toHaveBeenCalledWith('github', true);
    expect(token).toHaveBeenCalledWith(
      'repoUrl',
      'github.com?owner=northwind&repo=orders-api',
    );

    const app = await run({
      integrations: {
        github: [
          { host: 'ghe.example.com' },
          {
            host: 'github.com',
            apps: [
              {
                appId: 1,
                privateKey: 'k',
                webhookSecret: 's',
                clientId: 'c',
                clientSecret: 's',
              },
            ],
          },
        ],
      },
      conway: { github: { org: 'northwind-labs' } },
    });
    expect(app).toHaveBeenCalledWith('github', true);
    expect(app).toHaveBeenCalledWith(
      'repoUrl',
      'github.com?owner=northwind-labs&repo=orders-api',
    );
  });
});
