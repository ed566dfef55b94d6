import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  defaultEntityPresentation,
  EntityPresentationApi,
  entityPresentationApiRef,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { EntityName, splitRefs, TextWithNames } from './EntityName';

jest.setTimeout(30_000);

const TITLES: Record<string, string> = {
  'group:default/team-checkout': 'Checkout',
  'system:default/checkout': 'Checkout platform',
};

const presentationApi: EntityPresentationApi = {
  forEntity(ref) {
    const fallback = defaultEntityPresentation(ref as string);
    const snapshot = {
      ...fallback,
      primaryTitle: TITLES[ref as string] ?? fallback.primaryTitle,
    };
    return { snapshot, promise: Promise.resolve(snapshot) };
  },
};

const routes = { '/catalog/:namespace/:kind/:name': entityRouteRef };

const render = (element: JSX.Element, withPresentation = true) =>
  withPresentation
    ? renderInTestApp(element, {
        apis: [[entityPresentationApiRef, presentationApi]],
        mountedRoutes: routes,
      })
    : renderInTestApp(element, { mountedRoutes: routes });

describe('EntityName', () => {
  it("shows a group's display name, linking to its page, with the ref as title", async () => {
    await render(<EntityName entityRef="group:default/team-checkout" />);
    const link = screen.getByRole('link', { name: 'Checkout' });
    expect(link).toHaveAttribute(
      'href',
      '/catalog/default/group/team-checkout',
    );
    expect(link).toHaveAttribute('title', 'group:default/team-checkout');
  });

  it('shows the name in the ref when the entity has no display name (never blank)', async () => {
    await render(<EntityName entityRef="component:default/checkout-service" />);
    const link = screen.getByRole('link', { name: 'checkout-service' });
    expect(link).toHaveAttribute('title', 'component:default/checkout-service');
  });

  it('falls back to the name without a presentation API', async () => {
    await render(<EntityName entityRef="group:default/team-gone" />, false);
    expect(screen.getByRole('link', { name: 'team-gone' })).toHaveAttribute(
      'title',
      'group:default/team-gone',
    );
  });
});

describe('TextWithNames', () => {
  it('replaces each full ref in a message with its display name', async () => {
    await render(
      <p data-testid="m">
        <TextWithNames text="system:default/checkout is split across group:default/team-checkout and group:default/team-gone." />
      </p>,
    );
    expect(screen.getByTestId('m')).toHaveTextContent(
      'Checkout platform is split across Checkout and team-gone.',
    );
    expect(screen.getByRole('link', { name: 'team-gone' })).toHaveAttribute(
      'title',
      'group:default/team-gone',
    );
  });
});

describe('splitRefs', () => {
  it('keeps text around refs and leaves a trailing full stop out of the ref', () => {
    expect(
      splitRefs('Transfer component:default/a.b to group:default/team-x.'),
    ).toEqual([
      { text: 'Transfer ' },
      { entityRef: 'component:default/a.b' },
      { text: ' to ' },
      { entityRef: 'group:default/team-x' },
      { text: '.' },
    ]);
  });

  it('leaves text without refs (and spec paths, short refs) alone', () => {
    expect(splitRefs('spec.owner of x is group:team-a')).toEqual([
      { text: 'spec.owner of x is group:team-a' },
    ]);
  });
});
