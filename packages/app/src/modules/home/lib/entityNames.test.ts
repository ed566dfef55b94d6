import { Entity } from '@backstage/catalog-model';
import {
  displayName,
  namesByRef,
  refsIn,
  withDisplayNames,
} from './entityNames';

const entity = (
  kind: string,
  name: string,
  extra: { title?: string; displayName?: string } = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: {
    name,
    namespace: 'default',
    ...(extra.title ? { title: extra.title } : {}),
  },
  spec: extra.displayName
    ? { profile: { displayName: extra.displayName } }
    : {},
});

describe('displayName', () => {
  it('prefers the profile display name, then the title, then the name', () => {
    expect(
      displayName(
        entity('Group', 'team-checkout', {
          title: 'Checkout team',
          displayName: 'Checkout',
        }),
      ),
    ).toBe('Checkout');
    expect(
      displayName(
        entity('Component', 'checkout-service', { title: 'Checkout' }),
      ),
    ).toBe('Checkout');
    expect(displayName(entity('Component', 'label-printer'))).toBe(
      'label-printer',
    );
  });

  it('ignores a blank display name', () => {
    expect(
      displayName(entity('User', 'ada.lovelace', { displayName: '  ' })),
    ).toBe('ada.lovelace');
  });
});

describe('withDisplayNames', () => {
  const names = namesByRef([
    entity('Component', 'checkout-service', { title: 'Checkout service' }),
    entity('Group', 'team-payments', { displayName: 'Payments' }),
    entity('User', 'ada.lovelace', { displayName: 'Ada Lovelace' }),
  ]);

  it('replaces known refs by display names and unknown ones by their name', () => {
    expect(
      withDisplayNames(
        'component:default/checkout-service (group:default/team-checkout) depends directly on component:default/payments-api (Payments).',
        names,
      ),
    ).toBe(
      'Checkout service (team-checkout) depends directly on payments-api (Payments).',
    );
  });

  it('keeps dots inside names and drops a sentence-ending dot from the ref', () => {
    expect(withDisplayNames('Owned by user:default/ada.lovelace.', names)).toBe(
      'Owned by Ada Lovelace.',
    );
  });

  it('matches refs case-insensitively and leaves other text alone', () => {
    expect(
      withDisplayNames('Set spec.owner of Group:Default/Team-Payments', names),
    ).toBe('Set spec.owner of Payments');
    expect(withDisplayNames('see https://example.com/a', names)).toBe(
      'see https://example.com/a',
    );
  });

  it('lists the refs of a text', () => {
    expect(
      refsIn('component:default/a depends on component:default/b.'),
    ).toEqual(['component:default/a', 'component:default/b']);
  });
});
