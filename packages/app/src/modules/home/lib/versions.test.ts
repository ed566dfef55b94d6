import { compareVersions, isNewer } from './versions';

describe('compareVersions', () => {
  it('orders by major, minor and patch numerically', () => {
    expect(
      ['1.10.0', '1.2.0', '0.9.0', '1.2.10', '1.2.9'].sort(compareVersions),
    ).toEqual(['0.9.0', '1.2.0', '1.2.9', '1.2.10', '1.10.0']);
  });

  it('puts a pre-release before its release and ignores build metadata', () => {
    expect(isNewer('1.3.0', '1.3.0-rc.1')).toBe(true);
    expect(isNewer('1.3.0-rc.2', '1.3.0-rc.1')).toBe(true);
    expect(compareVersions('1.3.0+build.5', '1.3.0')).toBe(0);
  });

  it('says an equal or older version is not newer', () => {
    expect(isNewer('1.2.0', '1.2.0')).toBe(false);
    expect(isNewer('1.1.0', '1.2.0')).toBe(false);
  });
});
