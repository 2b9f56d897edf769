import path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const localDeployDir = path.resolve(__dirname, '..');
export const cacheDir = process.env.DINSOS_CACHE_DIR ?? path.join(repoRoot, '.cache');
