module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'case-summary',
  rootDir: __dirname,
};
