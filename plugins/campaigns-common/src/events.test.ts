import { isCampaignMergedEventPayload } from './events';

describe('isCampaignMergedEventPayload', () => {
  it('accepts what the campaigns backend publishes and refuses anything else', () => {
    expect(
      isCampaignMergedEventPayload({
        campaignId: 'node-24',
        entityRef: 'component:default/orders',
      }),
    ).toBe(true);
    for (const payload of [
      undefined,
      null,
      'component:default/orders',
      { campaignId: 'node-24' },
      { campaignId: 'node-24', entityRef: '' },
      { campaignId: 7, entityRef: 'component:default/orders' },
      Object.create({ campaignId: 'x', entityRef: 'component:default/orders' }),
    ]) {
      expect(isCampaignMergedEventPayload(payload)).toBe(false);
    }
  });
});
