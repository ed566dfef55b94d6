/**
 * Prompts derived from a golden-path template's parameters, so the CLI asks
 * exactly what the portal's form asks and validates it the same way.
 */

/**
 * `enumNames` from the template's parameter pages: the answer schema keeps
 * only validation keywords, the labels live in the raw parameters.
 *
 * @param {import('@conway/golden-path').GoldenPathTemplate} template
 * @param {string} field
 * @returns {string[] | undefined}
 */
function enumNamesOf(template, field) {
  for (const page of [template.parameters].flat()) {
    const names = page?.properties?.[field]?.enumNames;
    if (Array.isArray(names)) {
      return names.map(String);
    }
  }
  return undefined;
}

/**
 * The library's verdict on one field: true, or its message for that field.
 *
 * @param {typeof import('@conway/golden-path')} lib
 * @param {import('@conway/golden-path').GoldenPathTemplate} template
 * @param {string} field
 * @param {unknown} value
 * @returns {true | string}
 */
export function validateField(lib, template, field, value) {
  try {
    lib.validateAnswers(template, { [field]: value });
    return true;
  } catch (error) {
    if (!(error instanceof lib.AnswerValidationError)) {
      throw error;
    }
    const own = error.errors.filter(
      e =>
        e.field === field ||
        e.field.startsWith(`${field}.`) ||
        e.field.startsWith(`${field}[`),
    );
    return own.length === 0 ? true : own.map(e => e.message).join('; ');
  }
}

/**
 * One prompt per template parameter, in form order: `select` for enums (labels
 * from `enumNames`), `number` for numbers, `confirm` for booleans, `input`
 * otherwise; defaults from the template; validation by the library.
 *
 * @param {typeof import('@conway/golden-path')} lib
 * @param {import('@conway/golden-path').GoldenPathTemplate} template
 * @returns {import('yeoman-generator').PromptQuestions}
 */
export function buildQuestions(lib, template) {
  const { properties, required } = template.answerSchema;
  // Portal-only parameters (e.g. deploying) keep their defaults: yo never deploys.
  const asked = Object.entries(properties).filter(
    ([, schema]) => !schema['x-portal-only'],
  );
  return asked.map(([field, schema]) => {
    const types = [schema.type ?? 'string'].flat();
    const title = schema.title ?? field;
    const optional = required.includes(field) ? '' : ' (optional)';
    const message = schema.description
      ? `${title}${optional} - ${schema.description}`
      : `${title}${optional}`;
    const validate = value => validateField(lib, template, field, value);
    if (Array.isArray(schema.enum)) {
      const names = enumNamesOf(template, field);
      return {
        type: 'select',
        name: field,
        message,
        choices: schema.enum.map((value, i) => ({
          name: names?.[i] ?? String(value),
          value,
        })),
        default: schema.default,
      };
    }
    if (types.includes('integer') || types.includes('number')) {
      return {
        type: 'number',
        name: field,
        message,
        default: schema.default,
        validate,
      };
    }
    if (types.includes('boolean')) {
      return { type: 'confirm', name: field, message, default: schema.default };
    }
    return {
      type: 'input',
      name: field,
      message,
      default: schema.default,
      validate,
    };
  });
}
