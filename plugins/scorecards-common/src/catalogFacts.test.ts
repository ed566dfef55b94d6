import { ownerFactsOf } from './catalogFacts';

describe('ownerFactsOf', () => {
  it("names the owner by its profile's display name, else its title", () => {
    const user = {
      kind: 'User',
      metadata: { name: 'olga.petrova', title: 'O. Petrova' },
      spec: { profile: { displayName: 'Olga Petrova' } },
    };
    expect(ownerFactsOf('user:default/olga.petrova', user, 1)).toMatchObject({
      ref: 'user:default/olga.petrova',
      title: 'Olga Petrova',
    });
    const team = {
      kind: 'Group',
      metadata: { name: 'team-a', title: 'Team A' },
      spec: { type: 'team' },
    };
    expect(ownerFactsOf('group:default/team-a', team, 2)).toEqual({
      ref: 'group:default/team-a',
      title: 'Team A',
      kind: 'Group',
      type: 'team',
      memberCount: 2,
    });
    // Without a name in the catalog, none is made up: the rules fall back to the entity name.
    expect(
      ownerFactsOf(
        'group:default/team-b',
        { kind: 'Group', metadata: { name: 'team-b' } },
        0,
      ),
    ).not.toHaveProperty('title');
  });
});
