import { Entity } from '@backstage/catalog-model';
import { ProfileTitleProcessor } from './ProfileTitleProcessor';

const entity = (kind: string, metadata: object, spec?: object): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'x', ...metadata },
  ...(spec ? { spec } : {}),
});

describe('ProfileTitleProcessor', () => {
  const processor = new ProfileTitleProcessor();
  const titleOf = async (e: Entity) =>
    (await processor.preProcessEntity(e)).metadata.title;

  it('gives a User or Group without a title its display name', async () => {
    expect(
      await titleOf(
        entity('User', {}, { profile: { displayName: ' Olga Petrova ' } }),
      ),
    ).toBe('Olga Petrova');
    expect(
      await titleOf(
        entity('Group', { title: ' ' }, { profile: { displayName: 'SRE' } }),
      ),
    ).toBe('SRE');
  });

  it('keeps a title of its own, other kinds and entities without a display name as they are', async () => {
    const titled = entity(
      'Group',
      { title: 'Checkout' },
      { profile: { displayName: 'Checkout team' } },
    );
    expect(await processor.preProcessEntity(titled)).toBe(titled);
    for (const e of [
      entity('Component', {}, { profile: { displayName: 'Not a person' } }),
      entity('User', {}),
      entity('User', {}, { profile: { displayName: '  ' } }),
      entity('User', {}, { profile: { displayName: 42 } }),
      entity('User', {}, { profile: ['displayName'] }),
      entity('User', {}, { profile: null }),
    ]) {
      expect(await processor.preProcessEntity(e)).toBe(e);
    }
  });

  it('does not read a display name from the prototype', async () => {
    const profile = Object.create({ displayName: 'Inherited' });
    const e = entity('User', {}, { profile });
    expect(await titleOf(e)).toBeUndefined();
  });
});
