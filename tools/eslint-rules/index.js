// The project's own ESLint rules, loaded by eslint.config.mjs as the `dinsos` plugin.
module.exports = {
  rules: {
    'no-service-imports': require('./no-service-imports'),
  },
};
