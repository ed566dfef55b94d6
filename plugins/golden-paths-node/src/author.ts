import type { Entity } from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import type { GitIdentity } from '@conway/golden-path';

/**
 * Who runs the platform (`scaffolder.defaultAuthor`): the committer of what
 * golden paths publish, and the author when the user has no profile.
 *
 * @public
 */
export function defaultAuthor(config: Config): GitIdentity {
  return {
    name:
      config.getOptionalString('scaffolder.defaultAuthor.name') ?? 'Scaffolder',
    email:
      config.getOptionalString('scaffolder.defaultAuthor.email') ??
      'scaffolder@backstage.io',
  };
}

/**
 * Who a commit made for a user is by: the user's catalog profile (display
 * name, else entity name; email), else the platform ({@link defaultAuthor}).
 *
 * @public
 */
export function commitAuthor(
  user: Entity | undefined,
  config: Config,
): GitIdentity {
  const fallback = defaultAuthor(config);
  const profile = user?.spec?.profile as
    | { displayName?: string; email?: string }
    | undefined;
  return {
    name: profile?.displayName ?? user?.metadata.name ?? fallback.name,
    email: profile?.email ?? fallback.email,
  };
}
