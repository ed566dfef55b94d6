import { Client } from 'pg';

/** Connection settings for the PostgreSQL server the tests use (this machine's, trust auth). */
export const pgSettings = {
  host: process.env.POSTGRES_HOST ?? '127.0.0.1',
  port: Number(process.env.POSTGRES_PORT ?? 5432),
  user: process.env.POSTGRES_USER ?? 'postgres',
  password: process.env.POSTGRES_PASSWORD ?? '',
};

/** True when a PostgreSQL server answers; in CI an unreachable server is an error, not a skip. */
export async function postgresReachable(): Promise<boolean> {
  const client = new Client({ ...pgSettings, database: 'postgres', connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch (error) {
    if (process.env.CONWAY_STRICT) {
      throw new Error(`PostgreSQL at ${pgSettings.host}:${pgSettings.port} is required in CI: ${error}`);
    }
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Creates an empty database on the test server and returns its connection URL. */
export async function createDatabase(name: string): Promise<string> {
  const client = new Client({ ...pgSettings, database: 'postgres' });
  await client.connect();
  try {
    await client.query(`create database "${name}"`);
  } finally {
    await client.end();
  }
  const credentials = pgSettings.password
    ? `${pgSettings.user}:${encodeURIComponent(pgSettings.password)}`
    : pgSettings.user;
  return `postgres://${credentials}@${pgSettings.host}:${pgSettings.port}/${name}`;
}

/** Drops every database whose name starts with `prefix` (the per-plugin databases Backstage created). */
export async function dropDatabases(prefix: string) {
  const client = new Client({ ...pgSettings, database: 'postgres' });
  await client.connect();
  try {
    const { rows } = await client.query('select datname from pg_database where datname like $1', [`${prefix}%`]);
    for (const { datname } of rows) {
      await client.query(`drop database if exists "${datname}" with (force)`);
    }
    return rows.map(r => r.datname as string);
  } finally {
    await client.end();
  }
}

/**
 * Environment for a backend started with the production config (app-config.production.yaml)
 * against a PostgreSQL server: the variables that file reads, with test values.
 */
export function productionEnv(
  externalToken: string,
  server: { host: string; port: number; user: string; password: string } = pgSettings,
): Record<string, string> {
  return {
    POSTGRES_HOST: server.host,
    POSTGRES_PORT: String(server.port),
    POSTGRES_USER: server.user,
    POSTGRES_PASSWORD: server.password,
    APP_BASE_URL: 'http://localhost:3000',
    BACKEND_BASE_URL: 'http://localhost:7007',
    BACKEND_EXTERNAL_ACCESS_TOKEN: externalToken,
    AUTH_GITHUB_CLIENT_ID: 'e2e-client-id',
    AUTH_GITHUB_CLIENT_SECRET: 'e2e-client-secret',
  };
}
