import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { discoveryApiRef, fetchApiRef } from '@backstage/frontend-plugin-api';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  GoldenPathNameField,
  goldenPathNameValidation,
} from './GoldenPathNameField';

const REASONS: Record<string, string> = {
  'checkout-service':
    "'checkout-service' is taken: the catalog already has Checkout Service (component:default/checkout-service)",
  orders_api:
    "'orders_api' contains '_': use lower-case letters, digits and dashes only",
};

function backend() {
  const fetch = jest.fn(async (url: string) => {
    const value = new URL(url).searchParams.get('value') ?? '';
    const reason = REASONS[value];
    return new Response(
      JSON.stringify(
        reason ? { available: false, reason } : { available: true },
      ),
      { status: 200, headers: { 'content-type': 'application/json' } },
    );
  });
  return {
    fetch,
    apis: [
      [
        discoveryApiRef,
        { getBaseUrl: async () => 'http://backend/api/golden-paths' },
      ],
      [fetchApiRef, { fetch }],
    ] as const,
  };
}

const Field = (props: { rawErrors?: string[] }) => {
  const [value, setValue] = useState<string | undefined>();
  return (
    <GoldenPathNameField
      {...({} as any)}
      formData={value}
      onChange={setValue}
      rawErrors={props.rawErrors}
      required
      schema={{ title: 'Name', description: 'Unique name of the service.' }}
      uiSchema={{ 'ui:options': { template: 'typescript-service' } }}
      idSchema={{ $id: 'root_name' } as any}
    />
  );
};

describe('GoldenPathNameField', () => {
  it('checks the name while typing and says why it is refused', async () => {
    const { fetch, apis } = backend();
    await renderInTestApp(<Field />, { apis: apis as any });
    expect(screen.getByText('Unique name of the service.')).toBeInTheDocument();

    await userEvent.type(
      screen.getByRole('textbox', { name: /Name/ }),
      'checkout-service',
    );
    expect(
      await screen.findByText(REASONS['checkout-service']),
    ).toBeInTheDocument();
    // Checked once the typing paused, not per key.
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch.mock.calls[0][0]).toBe(
      'http://backend/api/golden-paths/templates/typescript-service/name-availability?field=name&value=checkout-service',
    );
  });

  it('says when the name is free', async () => {
    const { apis } = backend();
    await renderInTestApp(<Field />, { apis: apis as any });
    await userEvent.type(
      screen.getByRole('textbox', { name: /Name/ }),
      'orders-api',
    );
    expect(
      await screen.findByText("'orders-api' is available"),
    ).toBeInTheDocument();
  });

  it("shows the worded reason once, never rjsf's pattern message", async () => {
    const { apis } = backend();
    await renderInTestApp(
      <Field
        rawErrors={[
          'must match pattern "^[a-z]([-a-z0-9]*[a-z0-9])?$"',
          REASONS.orders_api,
        ]}
      />,
      { apis: apis as any },
    );
    // Before any typing: the error from Next, without the pattern.
    expect(screen.getByText(REASONS.orders_api)).toBeInTheDocument();
    expect(screen.queryByText(/must match pattern/)).not.toBeInTheDocument();

    await userEvent.type(
      screen.getByRole('textbox', { name: /Name/ }),
      'orders_api',
    );
    await waitFor(() =>
      expect(screen.getAllByText(REASONS.orders_api)).toHaveLength(1),
    );
    expect(screen.queryByText(/\^\[a-z/)).not.toBeInTheDocument();
  });
});

describe('goldenPathNameValidation', () => {
  it('refuses a taken name on Next, with the reason', async () => {
    const { apis } = backend();
    const apiHolder = {
      get: (ref: any) => new Map(apis as any).get(ref) as any,
    };
    const addError = jest.fn();
    await goldenPathNameValidation('checkout-service', { addError } as any, {
      apiHolder,
      formData: {},
      schema: {},
      uiSchema: { 'ui:options': { template: 'typescript-service' } },
    });
    expect(addError).toHaveBeenCalledWith(REASONS['checkout-service']);

    addError.mockClear();
    await goldenPathNameValidation('orders-api', { addError } as any, {
      apiHolder,
      formData: {},
      schema: {},
      uiSchema: { 'ui:options': { template: 'typescript-service' } },
    });
    expect(addError).not.toHaveBeenCalled();
  });
});
