import { AnswerValidationError } from '../errors';
import { loadTemplate } from '../template/loadTemplate';
import type { GoldenPathTemplate } from '../template/types';
import { SERVICE_TEMPLATE_DIR, validAnswers } from '../__fixtures__/fixtures';
import { validateAnswers } from './validateAnswers';

let template: GoldenPathTemplate;
beforeAll(async () => {
  template = await loadTemplate(SERVICE_TEMPLATE_DIR);
});

function errorsFor(raw: Record<string, unknown>) {
  try {
    validateAnswers(template, raw);
  } catch (error) {
    expect(error).toBeInstanceOf(AnswerValidationError);
    return (error as AnswerValidationError).errors;
  }
  throw new Error('expected validation to fail');
}

describe('validateAnswers', () => {
  it('applies defaults, fills unanswered parameters with null and normalises refs', () => {
    expect(validateAnswers(template, validAnswers())).toEqual({
      name: 'orders',
      description: 'Takes orders',
      owner: 'group:default/team-checkout',
      system: null,
      port: 8080,
      database: 'none',
      apiToken: null,
    });
  });

  it('normalises a bare system, coerces string numbers and ignores blank optional answers', () => {
    const answers = validateAnswers(template, {
      ...validAnswers(),
      owner: 'user:alice',
      system: 'shop',
      port: '9090',
      apiToken: '',
    });
    expect(answers).toMatchObject({
      owner: 'user:default/alice',
      system: 'system:default/shop',
      port: 9090,
      apiToken: null,
    });
  });

  it('is idempotent, so records can be validated again', () => {
    const once = validateAnswers(template, {
      ...validAnswers(),
      system: 'shop',
    });
    expect(validateAnswers(template, once)).toEqual(once);
  });

  it.each([
    [
      'an uppercase name',
      'Orders',
      /^must match pattern "\^\[a-z\]\[a-z0-9-\]\*\$"/,
    ],
    [
      'a too long name',
      `a${'b'.repeat(63)}`,
      /^must NOT have more than 63 characters/,
    ],
    ['an empty name', '', /^is required/],
    ['a path as name', '../x', /^must match pattern/],
  ])('names the field and its help for %s', (_, name, message) => {
    const [error, ...rest] = errorsFor({ ...validAnswers(), name });
    expect(rest).toEqual([]);
    expect(error.field).toBe('name');
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(
      / \(Service name: lowercase letters, digits and '-', at most 63 characters\)$/,
    );
  });

  it('reports every bad field at once, with the description when there is no help', () => {
    const errors = errorsFor({
      name: 'orders',
      owner: '../x',
      port: 'eighty',
      database: 'mysql',
      color: 'blue',
    });
    expect(errors).toEqual([
      {
        field: 'description',
        message:
          'is required (Description: One sentence on what the service does)',
      },
      {
        field: 'owner',
        message:
          'must be a group or user name or entity ref like group:default/my-group, got "group:../x" (Owner)',
      },
      { field: 'port', message: 'must be integer (HTTP port)' },
      {
        field: 'database',
        message: 'must be one of "none", "postgres" (Database)',
      },
      { field: 'color', message: 'is not a parameter of this template' },
    ]);
  });

  it('rejects ports out of range', () => {
    expect(errorsFor({ ...validAnswers(), port: 80 })).toEqual([
      { field: 'port', message: 'must be >= 1024 (HTTP port)' },
    ]);
    expect(errorsFor({ ...validAnswers(), port: '70000' })).toEqual([
      { field: 'port', message: 'must be <= 65535 (HTTP port)' },
    ]);
  });

  it('puts every problem in the error message', () => {
    expect(() => validateAnswers(template, { name: 'X' })).toThrow(
      /Invalid answers for template 'fixture-service':\n {2}name: .*\n {2}description: is required.*\n {2}owner: is required/,
    );
  });
});
