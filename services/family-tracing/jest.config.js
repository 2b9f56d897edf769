module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'family-tracing',
  rootDir: __dirname,
};
