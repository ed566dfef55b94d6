import { type TestBackend, waitFor } from './backend';

/** Minimal entity shape the tests read. */
export interface Entity {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; annotations?: Record<string, string>; [k: string]: unknown };
  spec?: Record<string, any>;
  relations?: { type: string; targetRef: string }[];
  status?: { items?: { type: string; level: string; error?: { name: string; message: string } }[] };
}

/** All entities matching a catalog filter (e.g. `kind=group`), paging through the query API. */
export async function queryEntities(backend: TestBackend, filter: string): Promise<Entity[]> {
  const items: Entity[] = [];
  let cursor: string | undefined;
  do {
    const qs = cursor
      ? `cursor=${encodeURIComponent(cursor)}`
      : `filter=${encodeURIComponent(filter)}&limit=500`;
    const page = await backend.fetchJson(`/api/catalog/entities/by-query?${qs}`);
    items.push(...page.items);
    cursor = page.pageInfo?.nextCursor;
  } while (cursor);
  return items;
}

export async function getEntity(backend: TestBackend, ref: string): Promise<Entity | undefined> {
  const [kind, rest] = ref.split(':');
  const [namespace, name] = rest.split('/');
  const res = await backend.fetch(`/api/catalog/entities/by-name/${kind}/${namespace}/${name}`);
  if (res.status === 404) return undefined;
  if (!res.ok) throw new Error(`GET ${ref}: ${res.status} ${await res.text()}`);
  return (await res.json()) as Entity;
}

/** A user token from the guest provider (development only). */
export async function guestToken(backend: TestBackend): Promise<string> {
  const res = await fetch(`${backend.url}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  if (!res.ok) throw new Error(`guest sign-in: ${res.status} ${await res.text()}`);
  const body = await res.json();
  return body.backstageIdentity.token;
}

/** Waits until the ownership report has analysed the whole example org, not a part of it. */
export async function waitForWholeOrgInReport(b: TestBackend) {
  await waitFor(
    'the whole example org in the ownership report',
    async () => {
      const r = await b.fetch('/api/ownership/report');
      const text = r.ok ? await r.text() : '';
      return text.includes('component:default/label-printer') &&
        text.includes('component:default/eta-predictor')
        ? true
        : undefined;
    },
    120_000,
  );
}
