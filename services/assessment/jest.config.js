module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'assessment',
  rootDir: __dirname,
};
