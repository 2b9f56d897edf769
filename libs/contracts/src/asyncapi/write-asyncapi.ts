// Writes docs/asyncapi.yaml from the catalogue:
//   node -r @swc-node/register libs/contracts/src/asyncapi/write-asyncapi.ts
import fs from 'node:fs';
import path from 'node:path';
import { asyncApiPath } from './asyncapi-path';
import { renderAsyncApiYaml } from './build-asyncapi';

fs.mkdirSync(path.dirname(asyncApiPath), { recursive: true });
fs.writeFileSync(asyncApiPath, renderAsyncApiYaml());
console.log(`wrote ${asyncApiPath}`);
