import {
  coreApis,
  createFrontendModule,
  githubAuthApiRef,
  useApi,
} from '@backstage/frontend-plugin-api';
import {
  SignInPageBlueprint,
  type SignInPageProps,
} from '@backstage/plugin-app-react';
import { SignInPage } from '@backstage/core-components';
import type { SignInProviderConfig } from '@backstage/core-components';

const githubProvider = {
  id: 'github-auth-provider',
  title: 'GitHub',
  message: 'Sign in with your GitHub account',
  apiRef: githubAuthApiRef,
};

/**
 * Offers the sign-in providers listed in `app.signIn.providers`: guest in the
 * embedded default, GitHub in production. Guest is never offered unless listed.
 */
export function ConfiguredSignInPage(props: SignInPageProps) {
  const config = useApi(coreApis.config);
  const providers = signInProviders(
    config.getOptionalStringArray('app.signIn.providers'),
  );
  return <SignInPage {...props} providers={providers} />;
}

/** Maps configured provider names to sign-in page providers; unknown names are ignored. */
export function signInProviders(
  names: string[] = ['github'],
): Array<'guest' | SignInProviderConfig> {
  return names.flatMap((name): Array<'guest' | SignInProviderConfig> => {
    if (name === 'guest') return ['guest'];
    if (name === 'github') return [githubProvider];
    return [];
  });
}

/** Replaces the default guest-only sign-in page. */
export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [
    SignInPageBlueprint.make({
      params: {
        loader: async () => props => <ConfiguredSignInPage {...props} />,
      },
    }),
  ],
});
