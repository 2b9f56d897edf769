module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'service-standards',
  rootDir: __dirname,
};
