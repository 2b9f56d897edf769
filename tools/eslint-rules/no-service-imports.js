// Services talk to each other only over Kafka, and libraries serve services: so no service may
// import another service, and no library may import a service. Imports are recognised by where
// they resolve (relative paths into services/<name>/) or by a service's package name
// (@dinsos/<name>-service; library names never end in -service).
const path = require('node:path');

const repoRoot = path.resolve(__dirname, '..', '..');

function ownerOf(file) {
  const relative = path.relative(repoRoot, file).split(path.sep);
  if (relative[0] === 'services' && relative[1]) return { kind: 'service', name: relative[1] };
  if (relative[0] === 'libs' && relative[1]) return { kind: 'library', name: relative[1] };
  return undefined;
}

function importedService(fromFile, specifier) {
  const byPackage = /^@dinsos\/([a-z0-9-]+)-service(?:\/|$)/.exec(specifier);
  if (byPackage) return byPackage[1];
  if (!specifier.startsWith('.') && !path.isAbsolute(specifier)) return undefined;
  const target = ownerOf(path.resolve(path.dirname(fromFile), specifier));
  return target && target.kind === 'service' ? target.name : undefined;
}

module.exports = {
  meta: {
    type: 'problem',
    docs: {
      description: 'forbid a service importing another service, and a library importing a service',
    },
    messages: {
      serviceToService:
        "Service '{{from}}' must not import service '{{to}}': services talk only over Kafka; move shared code to a lib.",
      libraryToService:
        "Library '{{from}}' must not import service '{{to}}': libraries serve services, not the other way round.",
    },
    schema: [],
  },
  create(context) {
    const filename = context.filename ?? context.getFilename();
    const owner = ownerOf(filename);
    if (!owner) return {};
    function check(node, specifier) {
      if (typeof specifier !== 'string') return;
      const service = importedService(filename, specifier);
      if (!service) return;
      if (owner.kind === 'service' && service !== owner.name) {
        context.report({
          node,
          messageId: 'serviceToService',
          data: { from: owner.name, to: service },
        });
      } else if (owner.kind === 'library') {
        context.report({
          node,
          messageId: 'libraryToService',
          data: { from: owner.name, to: service },
        });
      }
    }
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
      CallExpression: (node) => {
        if (
          node.callee.type === 'Identifier' &&
          node.callee.name === 'require' &&
          node.arguments[0]?.type === 'Literal'
        ) {
          check(node, node.arguments[0].value);
        }
      },
    };
  },
};
