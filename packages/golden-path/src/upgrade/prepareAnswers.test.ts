import type { JsonObject } from '../types';
import { UpgradeError } from './UpgradeError';
import { prepareAnswers, recordableAnswers } from './prepareAnswers';
import {
  COLOUR,
  edgeVersions,
  NAME,
  templateYaml,
  TOKEN,
} from './__testUtils__/edgeTemplate';
import { removeTempDirs } from './__testUtils__/gitRepos';

afterAll(removeTempDirs);

const PORT = `        port:
          type: integer
          default: 8080
`;

async function templates() {
  const { load } = edgeVersions({
    '1.0.0': {
      'template.yaml': templateYaml('1.0.0', NAME + TOKEN + COLOUR, 'name'),
      'skeleton/a.txt': 'a\n',
    },
    '2.0.0': {
      'template.yaml': templateYaml(
        '2.0.0',
        NAME + TOKEN + PORT,
        'name, token',
      ),
      'skeleton/a.txt': 'a\n',
    },
  });
  return { base: await load('1.0.0'), target: await load('2.0.0') };
}

const record = (answers: JsonObject) => ({
  template: 'edge',
  version: '1.0.0',
  answers,
});

describe('prepareAnswers', () => {
  it('renders the base with the recorded answers plus the secrets given again, the target with the new answers over the kept ones', async () => {
    const { base, target } = await templates();
    const prepared = prepareAnswers(
      base,
      target,
      record({ name: 'svc', colour: 'red' }),
      { token: 't0ken', name: 'renamed' },
    );
    expect(prepared.baseAnswers).toMatchObject({
      name: 'svc',
      colour: 'red',
      token: 't0ken',
    });
    expect(prepared.targetAnswers).toMatchObject({
      name: 'renamed',
      token: 't0ken',
      port: 8080,
    });
    expect(prepared.targetAnswers).not.toHaveProperty('colour');
    expect(prepared.droppedAnswers).toEqual(['colour']);
    expect(prepared.newParameters).toEqual(['port']);
  });

  it('names every required answer that neither the record nor the new answers give, with its title', async () => {
    const { base, target } = await templates();
    let error: unknown;
    try {
      prepareAnswers(base, target, record({}), {});
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UpgradeError);
    expect(error).toMatchObject({
      code: 'missing-answers',
      fields: ['name', 'token'],
      message:
        "Upgrading to template 'edge' 2.0.0 needs answers for: name; token (API token; a secret, which is never recorded). Give them as new answers (conway upgrade --answers <file.json>)",
    });
  });

  it('tells a record that no longer renders its own version from new answers the target rejects', async () => {
    const { base, target } = await templates();
    expect(() =>
      prepareAnswers(base, target, record({ name: 'svc', colour: 7 }), {
        token: 't',
      }),
    ).toThrow(
      expect.objectContaining({
        code: 'invalid-record',
        message: expect.stringContaining(
          "The recorded answers no longer render template 'edge' 1.0.0",
        ),
      }),
    );
    expect(() =>
      prepareAnswers(base, target, record({ name: 'svc' }), {
        token: 't',
        port: 'eighty',
      }),
    ).toThrow(
      expect.objectContaining({ code: 'invalid-answers', fields: ['port'] }),
    );
  });
});

describe('recordableAnswers', () => {
  it('leaves out the secrets', async () => {
    const { target } = await templates();
    expect(
      recordableAnswers(target, { name: 'svc', token: 't', port: 8080 }),
    ).toEqual({ name: 'svc', port: 8080 });
  });
});
