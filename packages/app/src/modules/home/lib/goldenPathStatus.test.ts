import { fleetDrift, goldenPathStatus } from './goldenPathStatus';
import { service, typescriptService } from './testData';

const TEAM = 'group:default/team-checkout';

describe('goldenPathStatus', () => {
  const paths = [typescriptService()];

  it('says a service on the current version is up to date', () => {
    expect(
      goldenPathStatus(
        service('orders', TEAM, 'typescript-service', '1.3.0'),
        paths,
      ),
    ).toMatchObject({ kind: 'up-to-date', version: '1.3.0' });
  });

  it('lists the newer versions of a service behind, oldest first', () => {
    expect(
      goldenPathStatus(
        service('orders', TEAM, 'typescript-service', '1.1.0'),
        paths,
      ),
    ).toMatchObject({
      kind: 'behind',
      version: '1.1.0',
      newer: ['1.2.0', '1.3.0'],
    });
  });

  it('tells apart no golden path, an unknown golden path, no version and a newer version', () => {
    expect(goldenPathStatus(service('legacy', TEAM), paths)).toEqual({
      kind: 'none',
    });
    expect(
      goldenPathStatus(service('py', TEAM, 'python-service', '1.0.0'), paths),
    ).toEqual({ kind: 'unknown-path', template: 'python-service' });
    expect(
      goldenPathStatus(service('orders', TEAM, 'typescript-service'), paths),
    ).toMatchObject({ kind: 'unknown-version' });
    expect(
      goldenPathStatus(
        service('orders', TEAM, 'typescript-service', '1.4.0-rc.1'),
        paths,
      ),
    ).toMatchObject({ kind: 'ahead', version: '1.4.0-rc.1' });
  });
});

describe('fleetDrift', () => {
  it('counts every golden path’s services and lists those behind, furthest behind first', () => {
    const [drift] = fleetDrift(
      [
        service('a', TEAM, 'typescript-service', '1.2.0'),
        service('b', TEAM, 'typescript-service', '1.3.0'),
        service(
          'c',
          'group:default/team-payments',
          'typescript-service',
          '1.1.0',
        ),
        service('d', TEAM, 'typescript-service'),
        service('e', TEAM),
        service('f', TEAM, 'python-service', '0.1.0'),
      ],
      [typescriptService()],
    );
    expect(drift.services.map(s => s.metadata.name)).toEqual([
      'a',
      'b',
      'c',
      'd',
    ]);
    expect(drift.behind.map(b => [b.service.metadata.name, b.version])).toEqual(
      [
        ['c', '1.1.0'],
        ['a', '1.2.0'],
      ],
    );
    expect(drift.unknownVersion.map(s => s.metadata.name)).toEqual(['d']);
  });
});
