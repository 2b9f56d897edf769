import type { Tree } from '@nx/devkit';
import { paths, type ServiceNaming } from './service-naming';
import { appendToArray } from './source-edits';

function read(tree: Tree, file: string): string {
  const text = tree.read(file, 'utf-8');
  if (text === null) throw new Error(`@dinsos/tools:service: ${file} is missing`);
  return text;
}

/** `npm start` runs the service: its entry in deploy/local's list. */
export function wireLocalStart(tree: Tree, naming: ServiceNaming): void {
  const entry = `  {
    name: '${naming.name}',
    title: '${naming.serviceTitle}',
    main: 'services/${naming.name}/src/main.ts',
    port: ${naming.port},
    role: '${naming.role}',
    note: 'relay to ${naming.topic}',
    env: ({ cacheDir }) => ({ FILE_STORE_DIR: path.join(cacheDir, '${naming.name}-files') }),
  }`;
  tree.write(
    paths.localServices,
    appendToArray(read(tree, paths.localServices), 'localServices', entry),
  );
}

/** `docker compose up` runs it too: a block like intake's, after the migrate job, and its volume. */
export function wireCompose(tree: Tree, naming: ServiceNaming): void {
  const compose = read(tree, paths.compose);
  const volumes = /^volumes:\n((?: {2}.*\n?)*)/m.exec(compose);
  if (!volumes) {
    throw new Error(`@dinsos/tools:service: ${paths.compose} has no top-level volumes section`);
  }
  const block = `  ${naming.name}:
    image: dinsos/${naming.name}
    build:
      context: .
      dockerfile: services/${naming.name}/Dockerfile
    environment:
      # development: dev tokens are accepted (production refuses them and needs a master key).
      NODE_ENV: development
      PORT: 3000
      DATABASE_URL: postgres://${naming.role}:${naming.role}@postgres:5432/dinsos
      DATABASE_MIGRATION_URL: postgres://${naming.role}_owner:${naming.role}_owner@postgres:5432/dinsos
      KAFKA_BROKERS: kafka:29092
      AUTH_DEV_PUBLIC_KEY_FILE: /run/dinsos/dev-auth/public.pem
      FILE_STORE_DIR: /var/lib/dinsos/files
      LOG_LEVEL: info
    ports:
      - '\${${naming.portVariable}:-${naming.port}}:3000'
    volumes:
      - ${naming.name}-files:/var/lib/dinsos/files
      - ./.cache/dev-auth:/run/dinsos/dev-auth:ro
    depends_on:
      migrate:
        condition: service_completed_successfully
      kafka:
        condition: service_healthy
    healthcheck:
      test:
        [
          'CMD',
          'node',
          '-e',
          "fetch('http://127.0.0.1:3000/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))",
        ]
      interval: 10s
      timeout: 5s
      retries: 10
      start_period: 30s

`;
  const volumeList = volumes[1].endsWith('\n') ? volumes[1] : `${volumes[1]}\n`;
  const withVolume = `volumes:\n${volumeList}  ${naming.name}-files:\n`;
  tree.write(
    paths.compose,
    compose.slice(0, volumes.index) +
      block +
      withVolume +
      compose.slice(volumes.index + volumes[0].length),
  );
}

/**
 * The new workspace package in package-lock.json as npm writes it (its folder and its link), so
 * `npm ci` stays in sync with the workspaces without a network round trip.
 */
export function wirePackageLock(tree: Tree, naming: ServiceNaming): void {
  const lock = JSON.parse(read(tree, paths.packageLock)) as {
    packages: Record<string, Record<string, unknown>>;
  };
  const packageName = `@dinsos/${naming.name}-service`;
  const folder = `services/${naming.name}`;
  const packages: Record<string, Record<string, unknown>> = {
    ...lock.packages,
    [`node_modules/${packageName}`]: { resolved: folder, link: true },
    [folder]: { name: packageName, version: '0.1.0' },
  };
  const [root, ...rest] = Object.keys(packages);
  lock.packages = Object.fromEntries(
    [root, ...rest.sort((a, b) => a.localeCompare(b, 'en'))].map((key) => [key, packages[key]]),
  );
  tree.write(paths.packageLock, `${JSON.stringify(lock, null, 2)}\n`);
}
