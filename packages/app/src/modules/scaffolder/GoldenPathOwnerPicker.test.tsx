import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { discoveryApiRef, fetchApiRef } from '@backstage/frontend-plugin-api';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { GoldenPathOwnerPicker } from './GoldenPathOwnerPicker';
import type { OwnerChoices } from './GoldenPathFormClient';

const CHECKOUT = {
  entityRef: 'group:default/team-checkout',
  title: 'Checkout',
  type: 'team',
  member: true,
};

function apisAnswering(choices: OwnerChoices) {
  return [
    [
      discoveryApiRef,
      { getBaseUrl: async () => 'http://backend/api/golden-paths' },
    ],
    [
      fetchApiRef,
      {
        fetch: async () =>
          new Response(JSON.stringify(choices), {
            headers: { 'content-type': 'application/json' },
          }),
      },
    ],
  ] as any;
}

const changes: Array<string | undefined> = [];
const Picker = () => {
  const [value, setValue] = useState<string | undefined>();
  return (
    <GoldenPathOwnerPicker
      {...({} as any)}
      formData={value}
      onChange={(v: string | undefined) => {
        changes.push(v);
        setValue(v);
      }}
      required
      schema={{
        title: 'Owner',
        description: 'The team that owns the service.',
      }}
      uiSchema={{}}
      idSchema={{ $id: 'root_owner' } as any}
    />
  );
};

beforeEach(() => changes.splice(0));

describe('GoldenPathOwnerPicker', () => {
  it("pre-selects the user's team and offers only their teams, by display name", async () => {
    await renderInTestApp(<Picker />, {
      apis: apisAnswering({
        owners: [CHECKOUT],
        defaultOwner: CHECKOUT.entityRef,
        anyOwner: false,
      }),
    });
    const select = await screen.findByRole(
      'button',
      { name: /Checkout/ },
      { timeout: 10_000 },
    );
    expect(changes).toEqual([CHECKOUT.entityRef]);
    expect(select).toHaveTextContent('group:default/team-checkout');
    expect(
      screen.getByText(
        'The team that owns the service. Only teams you are a member of.',
      ),
    ).toBeInTheDocument();

    await userEvent.click(select);
    const options = within(screen.getByRole('listbox')).getAllByRole('option');
    expect(options.map(o => o.textContent)).toEqual([
      'Checkoutgroup:default/team-checkout',
    ]);
  });

  it('offers every team, the own first, to whoever may pick any owner', async () => {
    await renderInTestApp(<Picker />, {
      apis: apisAnswering({
        owners: [
          CHECKOUT,
          {
            entityRef: 'group:default/team-sre',
            title: 'SRE',
            type: 'team',
            member: false,
          },
        ],
        defaultOwner: CHECKOUT.entityRef,
        anyOwner: true,
      }),
    });
    await userEvent.click(
      await screen.findByRole(
        'button',
        { name: /Checkout/ },
        { timeout: 10_000 },
      ),
    );
    const listbox = screen.getByRole('listbox');
    expect(
      within(listbox)
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual([
      'Checkoutgroup:default/team-checkout',
      'SREgroup:default/team-sre',
    ]);
  });

  it('says what to do when the user is in no team', async () => {
    await renderInTestApp(<Picker />, {
      apis: apisAnswering({ owners: [], anyOwner: false }),
    });
    expect(
      await screen.findByText(
        'You are not a member of any team in the catalog; ask the platform team to add you to one.',
      ),
    ).toBeInTheDocument();
    expect(changes).toEqual([]);
  });
});
