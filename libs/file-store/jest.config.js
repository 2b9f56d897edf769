module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'file-store',
  rootDir: __dirname,
};
