import path from 'path';
import { RootConfigService } from '@backstage/backend-plugin-api';
import {
  HistoryOptionError,
  HistoryOptions,
  historyOptionsFrom,
} from '@conway/plugin-ownership-common';

/** The settings of the git history analysis, from `ownership.history`. */
export interface HistorySettings {
  enabled: boolean;
  intervalMinutes: number;
  initialDelaySeconds: number;
  timeoutMinutes: number;
  /** Repositories mined at the same time. */
  concurrency: number;
  /** Absolute; clones of remote repositories and the example repositories live under it. */
  cacheDirectory: string;
  cacheMaxBytes: number;
  /**
   * Absolute directories `dir:` locations may name, besides the local
   * repositories of golden paths and the example repositories.
   */
  directories: string[];
  /**
   * Lower-case host names `url:` locations may be cloned from: those of the
   * configured integrations and `ownership.history.allowedHosts`.
   */
  allowedHosts: string[];
  /** Absolute path of the example description (org/histories/example.yaml), when set. */
  exampleRepositories?: string;
  /** Passed to the analysis; validated. */
  options: HistoryOptions;
}

const KEY = 'ownership.history';

function invalid(key: string, reason: string): Error {
  return new Error(`Invalid config '${KEY}.${key}': ${reason}`);
}

function number(
  config: RootConfigService,
  key: string,
  fallback: number,
  check: { min: number; integer?: boolean; inclusive?: boolean },
): number {
  const raw = config.getOptional(`${KEY}.${key}`);
  if (raw === undefined) return fallback;
  if (typeof raw !== 'number' || !Number.isFinite(raw)) {
    throw invalid(key, `must be a number, got ${JSON.stringify(raw)}`);
  }
  const tooSmall = check.inclusive ? raw < check.min : raw <= check.min;
  if (tooSmall || (check.integer && !Number.isInteger(raw))) {
    throw invalid(
      key,
      `must be ${check.integer ? 'an integer' : 'a number'} ${
        check.inclusive ? '>=' : '>'
      } ${check.min}, got ${raw}`,
    );
  }
  return raw;
}

/** Hosts of integrations configured without one. */
const DEFAULT_INTEGRATION_HOSTS: Record<string, string> = {
  github: 'github.com',
  gitlab: 'gitlab.com',
  bitbucketCloud: 'bitbucket.org',
  azure: 'dev.azure.com',
};

/** The hosts of the configured integrations (`integrations.<kind>[].host`). */
function integrationHosts(config: RootConfigService): string[] {
  const integrations = config.getOptionalConfig('integrations');
  const hosts: string[] = [];
  for (const kind of integrations?.keys() ?? []) {
    for (const entry of integrations!.getOptionalConfigArray(kind) ?? []) {
      const host =
        entry.getOptionalString('host') ??
        (Object.hasOwn(DEFAULT_INTEGRATION_HOSTS, kind)
          ? DEFAULT_INTEGRATION_HOSTS[kind]
          : undefined);
      if (host) hosts.push(host.toLowerCase());
    }
  }
  return hosts;
}

/**
 * Reads `ownership.history`; every key is optional.
 *
 * @throws Error naming the key when a value is invalid.
 */
export function readHistoryConfig(config: RootConfigService): HistorySettings {
  const enabled = config.getOptionalBoolean(`${KEY}.enabled`) ?? true;
  let options: HistoryOptions;
  try {
    options = historyOptionsFrom(
      config.getOptionalConfig(KEY)?.get<Record<string, unknown>>() ?? {},
    );
  } catch (error) {
    if (!(error instanceof HistoryOptionError)) throw error;
    throw invalid(error.option, error.message);
  }
  const cacheDirectory = path.resolve(
    config.getOptionalString(`${KEY}.cacheDirectory`) ??
      path.join('data', 'ownership-history'),
  );
  const examples = config.getOptionalString(`${KEY}.exampleRepositories`);
  return {
    enabled,
    intervalMinutes: number(config, 'intervalMinutes', 60, { min: 0 }),
    initialDelaySeconds: number(config, 'initialDelaySeconds', 60, {
      min: 0,
      inclusive: true,
    }),
    timeoutMinutes: number(config, 'timeoutMinutes', 30, { min: 0 }),
    concurrency: number(config, 'concurrency', 2, { min: 0, integer: true }),
    cacheDirectory,
    cacheMaxBytes:
      number(config, 'cacheMaxMegabytes', 2048, { min: 0 }) * 1024 * 1024,
    directories: (
      config.getOptionalStringArray(`${KEY}.directories`) ?? []
    ).map(d => path.resolve(d)),
    allowedHosts: [
      ...new Set([
        ...integrationHosts(config),
        ...(config.getOptionalStringArray(`${KEY}.allowedHosts`) ?? []).map(h =>
          h.toLowerCase(),
        ),
      ]),
    ],
    ...(examples ? { exampleRepositories: path.resolve(examples) } : {}),
    options,
  };
}
