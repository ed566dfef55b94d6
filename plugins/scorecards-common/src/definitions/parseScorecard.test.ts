import fs from 'node:fs';
import path from 'node:path';
import { parseScorecard, ScorecardDefinitionError } from './parseScorecard';

const VALID = `id: demo
title: Demo
checks:
  - id: tests-present
    title: Tests
    description: Has tests
    severity: high
    required: true
    howToFix: docs/scorecards.md#tests-present
    params:
      minFiles: 2
  - id: lockfile-present
    title: Lockfile
    description: Has a lockfile
    severity: low
    howToFix: docs/scorecards.md#lockfile-present
levels:
  - id: bronze
    title: Bronze
    checks: [tests-present]
  - id: silver
    title: Silver
    extends: bronze
    checks: [lockfile-present]
`;

function errorOf(text: string): {
  line: number;
  reason: string;
  message: string;
} {
  try {
    parseScorecard(text, 'scorecards/demo.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(ScorecardDefinitionError);
    return error as ScorecardDefinitionError;
  }
  throw new Error('expected an error');
}

describe('parseScorecard', () => {
  it('reads checks, parameters with defaults, and levels with what they require', () => {
    const card = parseScorecard(VALID, 'scorecards/demo.yaml');
    expect(card.checks.map(c => [c.id, c.rule, c.required, c.params])).toEqual([
      ['tests-present', 'tests-present', true, { minFiles: 2 }],
      ['lockfile-present', 'lockfile-present', false, {}],
    ]);
    expect(card.levels.map(l => [l.id, l.requiredChecks])).toEqual([
      ['bronze', ['tests-present']],
      ['silver', ['lockfile-present', 'tests-present']],
    ]);
    expect(card.checks[1].source).toEqual({
      file: 'scorecards/demo.yaml',
      line: 12,
    });
  });

  it('refuses an unknown check in a level, naming file and line', () => {
    const e = errorOf(
      VALID.replace(
        'checks: [lockfile-present]',
        'checks: [lockfile-present, no-such-check]',
      ),
    );
    expect(e.message).toBe(
      "scorecards/demo.yaml:24: level 'silver': unknown check 'no-such-check' (define it under 'checks')",
    );
  });

  it('refuses a cycle in levels', () => {
    const text = VALID.replace(
      '    title: Bronze\n',
      '    title: Bronze\n    extends: silver\n',
    );
    const e = errorOf(text);
    expect(e.reason).toBe(
      'cycle in levels: bronze extends silver extends bronze',
    );
    expect(e.line).toBe(20);
  });

  it('refuses a bad threshold on the line of the parameter', () => {
    const e = errorOf(VALID.replace('minFiles: 2', 'minFiles: 0'));
    expect(e.message).toBe(
      "scorecards/demo.yaml:11: check 'tests-present': parameter 'minFiles' must be at least 1, got 0",
    );
    expect(errorOf(VALID.replace('minFiles: 2', 'minFiles: lots')).line).toBe(
      11,
    );
    expect(errorOf(VALID.replace('minFiles: 2', 'maxFiles: 2')).reason).toBe(
      "check 'tests-present': params: unknown field 'maxFiles' (expected minFiles)",
    );
  });

  it('refuses duplicate ids, unknown rules, fields and severities, YAML errors', () => {
    expect(
      errorOf(VALID.replace('id: lockfile-present', 'id: tests-present'))
        .message,
    ).toBe("scorecards/demo.yaml:12: duplicate check id 'tests-present'");
    expect(
      errorOf(VALID.replace('  - id: silver', '  - id: bronze')).reason,
    ).toBe("duplicate level id 'bronze'");
    expect(
      errorOf(VALID.replace('id: lockfile-present', 'id: lockfile')).reason,
    ).toMatch(
      /^check 'lockfile': unknown rule 'lockfile' \(known: owner-is-team, /,
    );
    expect(
      errorOf(VALID.replace('severity: low', 'severity: urgent')).line,
    ).toBe(15);
    expect(
      errorOf(VALID.replace('    title: Tests\n', '    titel: Tests\n'))
        .message,
    ).toBe(
      "scorecards/demo.yaml:5: checks[0]: unknown field 'titel' (expected id, rule, title, description, severity, howToFix, required, params)",
    );
    expect(
      errorOf(VALID.replace('extends: bronze', 'extends: copper')).message,
    ).toBe(
      "scorecards/demo.yaml:23: level 'silver' extends unknown level 'copper'",
    );
    expect(errorOf(`${VALID}  - id: [\n`).reason).toMatch(/^invalid YAML: /);
    expect(errorOf('- just a list').reason).toBe(
      'the scorecard must be a mapping',
    );
  });

  it('refuses a check that no level uses', () => {
    expect(
      errorOf(VALID.replace('checks: [lockfile-present]', 'checks: []'))
        .message,
    ).toBe(
      "scorecards/demo.yaml:12: check 'lockfile-present' is not part of any level",
    );
  });
});

describe('shipped scorecards', () => {
  const root = path.resolve(__dirname, '../../../..');
  const dir = path.join(root, 'scorecards');
  const files = fs.readdirSync(dir).filter(f => f.endsWith('.yaml'));

  it('ships production readiness and golden path', () => {
    const ids = files.map(
      f => parseScorecard(fs.readFileSync(path.join(dir, f), 'utf8'), f).id,
    );
    expect(ids.sort()).toEqual(['golden-path', 'production-readiness']);
  });

  it.each(files)(
    '%s: an ownership-findings check counting some severities names them in its title',
    file => {
      const card = parseScorecard(
        fs.readFileSync(path.join(dir, file), 'utf8'),
        file,
      );
      // "No ownership findings" passing a service with warnings would be a false statement.
      const untrue = card.checks.flatMap(check => {
        const severities = (check.params.severities ?? []) as string[];
        if (check.rule !== 'no-ownership-findings') return [];
        const title = check.title.toLocaleLowerCase('en-US');
        return severities
          .filter(s => !title.includes(s))
          .map(s => `${check.id}: '${check.title}' counts only ${s}`);
      });
      expect(untrue).toEqual([]);
    },
  );

  it.each(files)(
    '%s: every how-to-fix link goes to an existing file and heading',
    file => {
      const card = parseScorecard(
        fs.readFileSync(path.join(dir, file), 'utf8'),
        file,
      );
      const broken = card.checks.flatMap(check => {
        const [target, anchor] = check.howToFix.split('#');
        const doc = path.join(root, target);
        if (!fs.existsSync(doc)) return [`${check.id}: no file ${target}`];
        if (!anchor) return [];
        // GitHub's anchors: lower-case heading, punctuation dropped, spaces to dashes.
        const anchors = [
          ...fs.readFileSync(doc, 'utf8').matchAll(/^#+ (.+)$/gm),
        ].map(m =>
          m[1]
            .trim()
            .toLowerCase()
            .replace(/[^\w\s-]/g, '')
            .replace(/\s/g, '-'),
        );
        return anchors.includes(anchor)
          ? []
          : [`${check.id}: no heading #${anchor} in ${target}`];
      });
      expect(broken).toEqual([]);
    },
  );
});
