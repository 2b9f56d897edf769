import path from 'node:path';

export const asyncApiPath = path.resolve(__dirname, '../../../../docs/asyncapi.yaml');
export const writeAsyncApiCommand =
  'node -r @swc-node/register libs/contracts/src/asyncapi/write-asyncapi.ts';
