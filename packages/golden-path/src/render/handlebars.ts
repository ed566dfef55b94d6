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
  const { ast, template } = compileCached(source);
  const problems = checkVariables(ast, context, helperNames);
  if (problems.length > 0) {
    throw new Error(problems.join('; '));
  }
  return template(context, runtimeOptions);
}

// Parsing and compiling dominate render time (the lockfile alone is ~400 kB), and a
// skeleton's sources rarely change: keep compiled sources, keyed by their text.
const MAX_CACHED_SOURCES = 1000;
const compiled = new Map<
  string,
  { ast: hbs.AST.Program; template: Handlebars.TemplateDelegate }
>();

function compileCached(source: string) {
  let entry = compiled.get(source);
  if (!entry) {
    const ast = env.parse(source);
    entry = { ast, template: env.compile(ast, compileOptions) };
    if (compiled.size >= MAX_CACHED_SOURCES) compiled.clear();
    compiled.set(source, entry);
  }
  return entry;
}
