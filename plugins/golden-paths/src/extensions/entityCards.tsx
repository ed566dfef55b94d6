import { Entity } from '@backstage/catalog-model';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { TEMPLATE_ANNOTATION } from '../components/common';

/** True for Components made from a golden path (they carry `conway.dev/template`). */
export function isGoldenPathComponent(entity: Entity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'component' &&
    Boolean(entity.metadata.annotations?.[TEMPLATE_ANNOTATION])
  );
}

/** `entity-card:golden-paths/golden-path`: template, version and whether it is behind. */
export const entityGoldenPathCard = EntityCardBlueprint.make({
  name: 'golden-path',
  params: {
    filter: isGoldenPathComponent,
    loader: () =>
      import('../components/EntityGoldenPathCard/EntityGoldenPathCard').then(
        m => <m.EntityGoldenPathCard />,
      ),
  },
});
