import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';

/** The real golden path, not a fixture copy: tests break when it does. */
export const TEMPLATE_DIR = path.resolve(
  __dirname,
  '../../../../templates/typescript-service',
);

export const VALUES = {
  name: 'orders-api',
  description: 'Takes and tracks orders.',
  owner: 'group:default/team-checkout',
  system: 'system:default/checkout',
  lifecycle: 'experimental',
  port: 8080,
  database: 'postgres',
  ciProvider: 'github-actions',
};

export const TOKEN = 'test-token';

/** app-config with clusters on the test server (plain HTTP, hence skipTLSVerify). */
export function clusterConfig(
  clusters: Array<{ name: string; url: string; serviceAccountToken?: string }>,
) {
  return new ConfigReader({
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: clusters.map(c => ({
            authProvider: 'serviceAccount',
            serviceAccountToken: TOKEN,
            skipTLSVerify: true,
            ...c,
          })),
        },
      ],
    },
  });
}

/** A loopback URL nothing listens on. */
export async function closedUrl(): Promise<string> {
  const s = http.createServer();
  await new Promise<void>(r => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise(r => s.close(r));
  return `http://127.0.0.1:${port}`;
}
