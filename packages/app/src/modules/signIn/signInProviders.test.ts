import { signInProviders } from './index';

describe('signInProviders', () => {
  it('offers guest only when the configuration lists it', () => {
    expect(signInProviders(['guest'])).toEqual(['guest']);
  });

  it('offers only GitHub in the production configuration', () => {
    const providers = signInProviders(['github']);
    expect(providers).toHaveLength(1);
    expect(providers[0]).toMatchObject({ id: 'github-auth-provider', title: 'GitHub' });
  });

  it('defaults to GitHub, never guest, and ignores unknown names', () => {
    expect(signInProviders()).not.toContain('guest');
    expect(signInProviders(['nope'])).toEqual([]);
  });
});
