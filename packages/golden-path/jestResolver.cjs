/*
 * Jest resolver for packages whose tests load @conway/golden-path's manifest
 * checks. kubernetes-models and its dependencies are ESM-only and export only an
 * "import" condition, which Jest's CommonJS resolution does not match; retrying
 * with that condition lets Jest load (and transpile) them. Use it with
 * `"jest": { "resolver": "@conway/golden-path/jestResolver.cjs" }`.
 */
module.exports = (request, options) => {
  try {
    return options.defaultResolver(request, options);
  } catch (error) {
    const conditions = options.conditions ?? ['require', 'default'];
    if (conditions.includes('import')) {
      throw error;
    }
    return options.defaultResolver(request, {
      ...options,
      conditions: [...conditions, 'import'],
    });
  }
};
