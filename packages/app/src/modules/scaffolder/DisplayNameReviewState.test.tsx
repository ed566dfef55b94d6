import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityPresentationApiRef } from '@backstage/plugin-catalog-react';
import { DisplayNameReviewState } from './DisplayNameReviewState';

const TITLES: Record<string, string> = {
  'group:default/team-checkout': 'Checkout',
  'system:default/warehouse': 'Warehouse Systems',
};

const presentationApi = {
  forEntity: (ref: string) => ({
    snapshot: { entityRef: ref, primaryTitle: ref },
    promise: Promise.resolve({
      entityRef: ref,
      primaryTitle: TITLES[ref] ?? ref,
    }),
  }),
};

const schemas = [
  {
    title: 'About the service',
    uiSchema: {},
    schema: {},
    mergedSchema: {
      properties: {
        name: { title: 'Name', type: 'string' },
        owner: {
          title: 'Owner',
          type: 'string',
          'ui:field': 'GoldenPathOwnerPicker',
        },
        system: { title: 'System', type: 'string', 'ui:field': 'EntityPicker' },
        database: {
          title: 'Database',
          type: 'string',
          enum: ['none', 'postgres'],
          enumNames: ['None', 'PostgreSQL'],
        },
        deploy: { title: 'Deploy', type: 'boolean' },
        token: { title: 'Token', type: 'string', 'ui:field': 'Secret' },
      },
    },
  },
];

describe('DisplayNameReviewState', () => {
  it('shows teams and systems by display name with the ref as secondary text', async () => {
    await renderInTestApp(
      <DisplayNameReviewState
        schemas={schemas as any}
        formState={{
          name: 'orders-api',
          owner: 'group:default/team-checkout',
          system: 'system:default/warehouse',
          database: 'postgres',
          deploy: false,
          token: 'hunter2',
        }}
      />,
      { apis: [[entityPresentationApiRef, presentationApi]] as any },
    );
    const row = (label: string) =>
      screen.getByText(label, { selector: 'th p' }).closest('tr')!;
    expect(await screen.findByText('Checkout')).toBeInTheDocument();
    expect(row('Owner')).toHaveTextContent(
      'Checkoutgroup:default/team-checkout',
    );
    expect(await screen.findByText('Warehouse Systems')).toBeInTheDocument();
    expect(row('System')).toHaveTextContent(
      'Warehouse Systemssystem:default/warehouse',
    );
    expect(row('Name')).toHaveTextContent('orders-api');
    expect(row('Database')).toHaveTextContent('PostgreSQL');
    expect(row('Deploy')).toHaveTextContent('No');
    expect(row('Token')).toHaveTextContent('******');
    expect(screen.queryByText('hunter2')).not.toBeInTheDocument();
  });
});
