import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';
import { MarkdownContent } from '@backstage/core-components';

const content = `
## Welcome to Conway

Northwind's developer portal: every service, who owns it, and the golden paths
to build new ones.

- **Create a service**: pick a golden path in [Create](/create) and get a
  production-ready TypeScript service (tests, CI/CD, observability, Kubernetes
  manifests), registered under your team.
- **Find anything**: the [Catalog](/catalog) lists our components, APIs,
  systems, domains, teams and people; [APIs](/api-docs) shows every API
  definition.
- **Ownership**: see which team owns what and where the architecture crosses
  team boundaries.
`;

const gettingStartedWidget = HomePageWidgetBlueprint.make({
  name: 'getting-started',
  params: {
    name: 'GettingStarted',
    title: 'Getting Started',
    description: 'Where to start in Conway',
    components: async () => ({
      Content: () => <MarkdownContent content={content} />,
    }),
  },
});

export const homeModule = createFrontendModule({
  pluginId: 'home',
  extensions: [gettingStartedWidget],
});
