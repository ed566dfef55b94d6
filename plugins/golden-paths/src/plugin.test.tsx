import { screen } from '@testing-library/react';
import { Entity } from '@backstage/catalog-model';
import {
  createExtensionTester,
  mockApis,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { goldenPathsApiRef } from './api/GoldenPathsApi';
import { entityGoldenPathCard } from './extensions/entityCards';
import { goldenPathsPage } from './extensions/pages';
import { goldenPathsPlugin } from './plugin';
import { mockGoldenPathsApi } from './__testUtils__/fixtures';

jest.setTimeout(60_000);

const entity = (
  kind: string,
  annotations: Record<string, string> = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'x', namespace: 'default', annotations },
  spec: {},
});

describe('golden-paths frontend plugin', () => {
  it('is a frontend plugin with the page, the API and the entity card', () => {
    expect(goldenPathsPlugin.$$type).toBe('@backstage/FrontendPlugin');
    expect(goldenPathsPlugin.pluginId).toBe('golden-paths');
    expect(goldenPathsPlugin.getExtension('page:golden-paths')).toBeDefined();
    expect(goldenPathsPlugin.getExtension('api:golden-paths')).toBeDefined();
    expect(
      goldenPathsPlugin.getExtension('entity-card:golden-paths/golden-path'),
    ).toBeDefined();
  });

  it('mounts the page at /golden-paths and renders the list', async () => {
    const api = mockGoldenPathsApi();
    const tester = createExtensionTester(goldenPathsPage, {
      apis: [[goldenPathsApiRef, api]],
    });
    expect(tester.get(coreExtensionData.routePath)).toBe('/golden-paths');
    await renderInTestApp(tester.reactElement(), {
      apis: [[goldenPathsApiRef, api], mockApis.permission()],
    });
    expect(
      await screen.findByText('TypeScript service (Fastify)'),
    ).toBeInTheDocument();
  });

  it('shows the card only on components made from a golden path', () => {
    const filter = createExtensionTester(entityGoldenPathCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    );
    expect(
      filter?.(
        entity('Component', { 'conway.dev/template': 'typescript-service' }),
      ),
    ).toBe(true);
    expect(filter?.(entity('Component'))).toBe(false);
    expect(
      filter?.(entity('API', { 'conway.dev/template': 'typescript-service' })),
    ).toBe(false);
  });
});
