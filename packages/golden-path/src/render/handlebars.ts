import Handlebars from 'handlebars';
import { checkVariables } from './checkVariables';
import { helpers, TEMPLATE_HELPERS } from './helpers';

const env = Handlebars.create();
// Only the documented helpers may run: `log` writes to the console and
// `lookup` reads properties by computed name.
env.unregisterHelper('log');
env.unregisterHelper('lookup');
env.registerHelper(helpers);

const helperNames = new Set([
  ...TEMPLATE_HELPERS,
  'if',
  'unless',
  'each',
  'with',
]);

const compileOptions: CompileOptions = {
  noEscape: true,
  strict: true,
  knownHelpersOnly: true,
  knownHelpers: {
    ...Object.fromEntries(TEMPLATE_HELPERS.map(name => [name, true])),
    log: false,
    lookup: false,
  },
};

const runtimeOptions: Handlebars.RuntimeOptions = {
  allowProtoPropertiesByDefault: false,
  allowProtoMethodsByDefault: false,
  allowedProtoProperties: {},
  allowedProtoMethods: {},
};

/**
 * Renders one Handlebars source with the golden-path rules: no HTML escaping,
 * strict variables, only the golden-path helpers, no prototype access.
 *
 * @throws Error describing the first syntax error, or every unknown variable
 */
export function renderHandlebars(source: string, context: object): string {
  const ast = env.parse(source);
  const problems = checkVariables(ast, context, helperNames);
  if (problems.length > 0) {
    throw new Error(problems.join('; '));
  }
  return env.compile(ast, compileOptions)(context, runtimeOptions);
}
