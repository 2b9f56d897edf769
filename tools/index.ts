/** @dinsos/tools: the workspace's Nx generators (generators.json), e.g. `npx nx g @dinsos/tools:service`. */
export { default as serviceGenerator } from './generators/service/generator';
export type { ServiceGeneratorOptions } from './generators/service/service-naming';
