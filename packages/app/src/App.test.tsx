import { render, screen } from '@testing-library/react';
import App from './App';

function renderWithConfig(signInProviders: string[]) {
  process.env = {
    NODE_ENV: 'test',
    APP_CONFIG: [
      {
        data: {
          app: { title: 'Conway', signIn: { providers: signInProviders } },
          backend: { baseUrl: 'http://localhost:7007' },
        },
        context: 'test',
      },
    ] as any,
  };
  return render(App.createRoot());
}

describe('App', () => {
  it('offers guest sign-in when the embedded default lists it', async () => {
    renderWithConfig(['guest']);
    expect(await screen.findByText('Guest')).toBeInTheDocument();
    expect(screen.queryByText('GitHub')).not.toBeInTheDocument();
  });

  it('offers only GitHub in the production configuration', async () => {
    renderWithConfig(['github']);
    expect(await screen.findByText('GitHub')).toBeInTheDocument();
    expect(screen.queryByText('Guest')).not.toBeInTheDocument();
  });
});
