import { isTrackedOnly } from './model';

describe('isTrackedOnly', () => {
  it('is true only for a check campaign without a golden-path upgrade', () => {
    expect(
      isTrackedOnly({
        type: 'template-release',
        template: 'typescript-service',
        minVersion: '1.5.0',
      }),
    ).toBe(false);
    expect(
      isTrackedOnly({
        type: 'scorecard-check',
        checkId: 'golden-path-current',
        entityRefs: ['component:default/orders'],
        template: 'typescript-service',
        minVersion: '1.5.0',
      }),
    ).toBe(false);
    expect(
      isTrackedOnly({
        type: 'scorecard-check',
        checkId: 'on-call',
        entityRefs: ['component:default/orders'],
      }),
    ).toBe(true);
    // Half a golden-path target prepares nothing either.
    expect(
      isTrackedOnly({
        type: 'scorecard-check',
        checkId: 'on-call',
        entityRefs: ['component:default/orders'],
        template: 'typescript-service',
      }),
    ).toBe(true);
  });
});
