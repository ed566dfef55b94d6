import { latestReleases } from './announcements';
import { typescriptService } from './testData';

describe('latestReleases', () => {
  it('puts the newest dated release first, undated ones last', () => {
    const other = {
      ...typescriptService(),
      name: 'static-site',
      title: 'Static site',
      currentVersion: '0.2.0',
      versions: [
        {
          version: '0.2.0',
          date: '2026-11-30',
          changes: ['Caching'],
          serviceCount: 0,
        },
      ],
    };
    const releases = latestReleases([typescriptService(), other], 10);
    expect(releases.map(r => `${r.goldenPath.name} ${r.version}`)).toEqual([
      'typescript-service 1.3.0',
      'static-site 0.2.0',
      'typescript-service 1.2.0',
      'typescript-service 1.1.0',
    ]);
    expect(releases[0].current).toBe(true);
    expect(releases[2].current).toBe(false);
  });

  it('keeps only the newest `limit` releases', () => {
    expect(latestReleases([typescriptService()], 2)).toHaveLength(2);
    expect(latestReleases([], 3)).toEqual([]);
  });
});
