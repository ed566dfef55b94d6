import { render, screen } from '@testing-library/react';
import App from './App';

jest.setTimeout(60_000);

describe('App', () => {
  it('renders the sign-in page with guest sign-in from the embedded default', async () => {
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            app: { title: 'Conway', signIn: { providers: ['guest'] } },
            backend: { baseUrl: 'http://localhost:7007' },
          },
          context: 'test',
        },
      ] as any,
    };
    render(App.createRoot());
    // The whole app loads first; allow for a slow machine.
    expect(
      await screen.findByText('Guest', {}, { timeout: 30_000 }),
    ).toBeInTheDocument();
    expect(screen.queryByText('GitHub')).not.toBeInTheDocument();
  });
});
