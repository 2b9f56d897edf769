module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'name-matching',
  rootDir: __dirname,
};
