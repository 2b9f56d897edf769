module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'case-query',
  rootDir: __dirname,
};
