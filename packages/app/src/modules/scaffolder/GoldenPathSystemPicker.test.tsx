import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { renderInTestApp, TestApiProvider } from '@backstage/frontend-test-utils';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { GoldenPathSystemPicker } from './GoldenPathSystemPicker';

const SYSTEMS = [
  { kind: 'System', metadata: { name: 'checkout', namespace: 'default', title: 'Checkout' } },
  { kind: 'System', metadata: { name: 'payments', namespace: 'default' } },
];

const changes: Array<string | undefined> = [];
const Picker = ({ initial }: { initial?: string }) => {
  const [value, setValue] = useState<string | undefined>(initial);
  return (
    <GoldenPathSystemPicker
      {...({} as any)}
      formData={value}
      onChange={(v: string | undefined) => {
        changes.push(v);
        setValue(v);
      }}
      schema={{ title: 'System', description: 'The system the service belongs to, if any.' }}
      idSchema={{ $id: 'system' } as any}
    />
  );
};

const catalogApi = (items: unknown[]) => ({ getEntities: async () => ({ items }) });

describe('GoldenPathSystemPicker', () => {
  beforeEach(() => changes.splice(0));

  it('lists systems by display name with the ref beneath, and shows the chosen one by name', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[catalogApiRef, catalogApi(SYSTEMS)]] as any}>
        <Picker />
      </TestApiProvider>,
    );
    const box = await screen.findByRole('button', { name: /System/ });
    expect(box).toHaveTextContent('None');
    await userEvent.click(box);
    const list = await screen.findByRole('listbox');
    expect(within(list).getByText('Checkout')).toBeInTheDocument();
    expect(within(list).getByText('system:default/checkout')).toBeInTheDocument();
    // A system without a title is shown by its name.
    expect(within(list).getByText('payments')).toBeInTheDocument();
    await userEvent.click(within(list).getByText('Checkout'));
    expect(changes).toEqual(['system:default/checkout']);
    expect(screen.getByRole('button', { name: /System/ })).toHaveTextContent('Checkout');
    expect(screen.getByRole('button', { name: /System/ })).toHaveTextContent('system:default/checkout');
  });

  it('keeps the label above the field, clear of "None" shown when nothing is chosen', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[catalogApiRef, catalogApi(SYSTEMS)]] as any}>
        <Picker />
      </TestApiProvider>,
    );
    expect(await screen.findByRole('button', { name: /System/ })).toHaveTextContent('None');
    const label = document.querySelector('label[for="system"]')!;
    expect(label).toHaveTextContent('System');
    expect(label).toHaveAttribute('data-shrink', 'true');
    expect(label).toHaveClass('MuiInputLabel-shrink');
  });

  it('says so when the catalog has no systems', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[catalogApiRef, catalogApi([])]] as any}>
        <Picker />
      </TestApiProvider>,
    );
    expect(await screen.findByText('The catalog has no systems yet.')).toBeInTheDocument();
  });
});
