import fs from 'fs';
import os from 'os';
import path from 'path';
import { parseAllDocuments } from 'yaml';
import { fixtureGit } from './gitFixture';
import {
  ensureExampleRepositories,
  parseExampleHistories,
} from './exampleRepositories';

jest.setTimeout(60_000);

// Tests only, run from this repository: the example org beside the plugins.
// eslint-disable-next-line no-restricted-syntax
const ORG = path.resolve(__dirname, '../../../../org');
const EXAMPLE = path.join(ORG, 'histories', 'example.yaml');
const DAY = 86400;
const NOW = Date.UTC(2026, 11, 2, 12) / 1000;

describe('example repositories', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'conway-examples-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it("uses the org's users with their profile emails, and one person who left", () => {
    const emails = new Set<string>();
    const users = fs.readFileSync(path.join(ORG, 'users.yaml'), 'utf8');
    for (const doc of parseAllDocuments(users)) {
      const email = doc.toJS()?.spec?.profile?.email;
      if (email) emails.add(email);
    }
    const histories = parseExampleHistories(
      fs.readFileSync(EXAMPLE, 'utf8'),
      EXAMPLE,
    );
    const unknown = [...histories.people.values()].filter(
      p => !emails.has(p.email),
    );
    expect(unknown).toEqual([
      { name: 'Marta Kowalczyk', email: 'marta.kowalczyk@northwind.example' },
    ]);
    expect(histories.repositories.map(r => r.entityRef)).toEqual([
      'component:default/checkout-service',
      'component:default/tracking-page',
      'component:default/legacy-invoicing',
      'component:default/route-planner',
    ]);
  });

  it('makes the repositories once, with the described commits dated before now', async () => {
    const directory = path.join(root, 'examples');
    const made = await ensureExampleRepositories({
      descriptionFile: EXAMPLE,
      directory,
      now: NOW,
    });
    expect(made.generated).toBe(true);
    const checkout = made.byEntityRef.get(
      'component:default/checkout-service',
    )!;
    expect(checkout).toBe(path.join(directory, 'checkout-service'));
    const log = fixtureGit(checkout, ['log', '--format=%at %ae'])
      .trim()
      .split('\n');
    expect(log).toHaveLength(24);
    const times = log.map(l => Number(l.split(' ')[0]));
    expect(Math.max(...times)).toBeLessThan(NOW);
    expect(Math.min(...times)).toBe(Math.floor(NOW / DAY) * DAY - 201 * DAY);
    expect(
      fs
        .readFileSync(path.join(checkout, 'src/cart/pricing.ts'), 'utf8')
        .split('\n'),
    ).toHaveLength(301);
    expect(fixtureGit(checkout, ['status', '--porcelain'])).toBe('');

    const again = await ensureExampleRepositories({
      descriptionFile: EXAMPLE,
      directory,
      now: NOW + 3 * DAY,
    });
    expect(again.generated).toBe(false);
    // Four weeks on, made again so that the recent weeks stay recent.
    const later = await ensureExampleRepositories({
      descriptionFile: EXAMPLE,
      directory,
      now: NOW + 30 * DAY,
    });
    expect(later.generated).toBe(true);
    expect(fs.readdirSync(root)).toEqual(['examples']);
  });

  it('names the file and the entry of a bad description', () => {
    const people = 'people:\n  ann: { name: Ann, email: ann@x.example }\n';
    expect(() =>
      parseExampleHistories(
        `${people}repositories:\n  r:\n    commits:\n      - { author: bob, daysAgo: 1, files: { a: 1 } }\n`,
        'h.yaml',
      ),
    ).toThrow(
      "Invalid example histories 'h.yaml' at repositories.r.commits[0].author: 'bob' is not in people",
    );
    expect(() =>
      parseExampleHistories(
        `${people}repositories:\n  r:\n    commits:\n      - { author: ann, daysAgo: 1, files: { ../../etc/x: 1 } }\n`,
        'h.yaml',
      ),
    ).toThrow(
      "Invalid example histories 'h.yaml' at repositories.r.commits[0].files: '../../etc/x' must stay inside the repository",
    );
    expect(() =>
      parseExampleHistories(
        `${people}repositories:\n  r:\n    commits:\n      - { author: ann, daysAgo: -1, files: { a: 1 } }\n`,
        'h.yaml',
      ),
    ).toThrow(
      "Invalid example histories 'h.yaml' at repositories.r.commits[0].daysAgo: expected an integer >= 0, got -1",
    );
  });
});
