import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_SOURCE_LOCATION,
  Entity,
  parseLocationRef,
} from '@backstage/catalog-model';
import type { ServiceRepository } from '@conway/plugin-golden-paths-common';
import { LocalRepositories } from '../LocalRepositories';

/** The annotation naming the golden path a component was made from. @public */
export const TEMPLATE_ANNOTATION = 'conway.dev/template';

/** `https://github.com/<owner>/<repo>` of a GitHub URL, or undefined. */
function githubRepository(url: string): string | undefined {
  const match = /^https:\/\/github\.com\/([^/?#]+)\/([^/?#]+)/.exec(url);
  return match
    ? `https://github.com/${match[1]}/${match[2].replace(/\.git$/, '')}`
    : undefined;
}

/**
 * Where a scaffolded service's repository lives, from its catalog entity:
 * the local repository its catalog-info.yaml was registered from
 * (`golden-path:register-local`), the GitHub repository of its location, or
 * the local repository named after it.
 *
 * @returns undefined when the repository is neither
 * @public
 */
export function serviceRepositoryOf(
  entity: Entity,
  repositories: LocalRepositories,
): ServiceRepository | undefined {
  const annotations = entity.metadata.annotations ?? {};
  for (const ref of [
    annotations[ANNOTATION_LOCATION],
    annotations[ANNOTATION_SOURCE_LOCATION],
  ]) {
    if (!ref) continue;
    let location: { type: string; target: string };
    try {
      location = parseLocationRef(ref);
    } catch {
      continue;
    }
    if (location.type === 'file') {
      try {
        const { path: repoPath } = repositories.repositoryOf(location.target);
        return { type: 'local', location: repoPath };
      } catch {
        // A file outside the local repositories (the org files, say): not a service repository.
        continue;
      }
    }
    const github = githubRepository(location.target);
    if (github) {
      return { type: 'github', location: github };
    }
  }
  // Registered some other way: golden-path:publish-local names the repository after the service.
  try {
    const repoPath = repositories.pathOf(entity.metadata.name);
    if (existsSync(path.join(repoPath, '.git'))) {
      return { type: 'local', location: repoPath };
    }
  } catch {
    // No local repositories configured, or a name no repository can have.
  }
  return undefined;
}
