import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** `conway.campaigns` as the plugin uses it. */
export interface CampaignsConfig {
  runIntervalSeconds: number;
  runTimeoutSeconds: number;
  concurrency: number;
  github?: { token: string; apiBaseUrl: string };
}

function positive(config: Config | undefined, key: string, fallback: number) {
  const value = config?.getOptionalNumber(key) ?? fallback;
  if (!Number.isInteger(value) || value < 1) {
    throw new InputError(
      `conway.campaigns.${key}: must be a positive integer, got ${value}`,
    );
  }
  return value;
}

/** Reads `conway.campaigns`; refuses bad values naming the key. */
export function readCampaignsConfig(root: Config): CampaignsConfig {
  const config = root.getOptionalConfig('conway.campaigns');
  const github = config?.getOptionalConfig('github');
  return {
    runIntervalSeconds: positive(config, 'runIntervalSeconds', 300),
    runTimeoutSeconds: positive(config, 'runTimeoutSeconds', 1800),
    concurrency: positive(config, 'concurrency', 2),
    ...(github
      ? {
          github: {
            token: github.getString('token'),
            apiBaseUrl:
              github.getOptionalString('apiBaseUrl') ??
              'https://api.github.com',
          },
        }
      : {}),
  };
}
