module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'analytics-feed',
  rootDir: __dirname,
};
