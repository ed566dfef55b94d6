import { createBackendModule } from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  authProvidersExtensionPoint,
  createProxyAuthenticator,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';

/** Catalog user names: what `?user=` may hold. */
const USER_NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/;

/**
 * TEST DOUBLE of a sign-in provider: signs in as the catalog user named in
 * `?user=`, so tests can act as several people of the example org (the guest
 * provider is always the same person). Refuses unless NODE_ENV is
 * `development` or `test`.
 */
const testDoubleAuthenticator = createProxyAuthenticator({
  defaultProfileTransform: async () => ({ profile: {} }),
  initialize() {
    return {
      enabled:
        process.env.NODE_ENV === 'development' ||
        process.env.NODE_ENV === 'test',
    };
  },
  async authenticate({ req }, { enabled }) {
    if (!enabled) {
      throw new NotAllowedError(
        'The test-double sign-in provider works only when NODE_ENV is development or test',
      );
    }
    const user = req.query.user;
    if (typeof user !== 'string' || !USER_NAME.test(user)) {
      throw new InputError(
        "test-double sign-in needs ?user=<name of a User in the catalog's default namespace>",
      );
    }
    return { result: { userEntityRef: `user:default/${user}` } };
  },
});

/**
 * TEST DOUBLE: auth provider `test-double`, active only where
 * `auth.providers.test-double` is configured (the e2e tests' config does,
 * app-config files never do) and never loaded in production
 * (packages/backend/src/index.ts). Sign-in goes through the catalog like a
 * real provider, so the token carries the user's group memberships.
 */
export const authModuleTestDoubleSignIn = createBackendModule({
  pluginId: 'auth',
  moduleId: 'test-double-provider',
  register(reg) {
    reg.registerInit({
      deps: { providers: authProvidersExtensionPoint },
      async init({ providers }) {
        providers.registerProvider({
          providerId: 'test-double',
          factory: createProxyAuthProviderFactory({
            authenticator: testDoubleAuthenticator,
            async signInResolver({ result }, ctx) {
              return ctx.signInWithCatalogUser({
                entityRef: result.userEntityRef,
              });
            },
          }),
        });
      },
    });
  },
});
