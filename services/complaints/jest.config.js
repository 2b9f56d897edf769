module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'complaints',
  rootDir: __dirname,
};
