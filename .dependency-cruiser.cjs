/**
 * The project's import rules, checked by `npm test` (`npm run deps`):
 * no import cycles, and the layers of docs/ARCHITECTURE.md, each importing only
 * the layers below it:
 *
 *   errors/ (UserError, the base of every user error)  <  grammar, storage
 *   grammar  <  engine  <  functions  <  cli
 *   storage/ (the table definitions)  <  engine
 *   functions  <  deploy/ (the deployment)
 *
 * Tests and test support may reach across layers (a handler test reads the
 * deployment's route table); the layer rules are about the shipped code.
 */
const STORAGE = '^storage/';
const DEPLOYMENT = '^deploy/';
const TESTS = '(\\.test\\.ts$|^test/|^bench/)';

const layer = (name, from, forbidden, comment) => ({
  name,
  comment,
  severity: 'error',
  from: { path: from, pathNot: TESTS },
  to: { path: forbidden },
});

module.exports = {
  forbidden: [
    { name: 'no-circular', comment: 'An import cycle can crash at load time (a binding read before its module ran).', severity: 'error', from: {}, to: { circular: true } },
    layer('errors-is-the-bottom', '^errors/', '^(grammar|engine|functions|cli|storage|deploy|lib)/', 'UserError is the one base of every layer\'s user errors: it imports nothing of the project, so every layer may extend it without a cycle.'),
    layer('storage-is-the-floor', STORAGE, '^(grammar|engine|functions|cli)/|' + DEPLOYMENT, 'The table definitions are data the engine reads: they import nothing of the project above them.'),
    layer('grammar-below-engine', '^grammar/', '^(engine|functions|cli|storage|deploy)/', 'The language knows nothing of evaluation, storage or handlers.'),
    layer('engine-below-functions', '^engine/', '^(functions|cli)/|' + DEPLOYMENT, 'The engine is called by handlers and the CLI, never the other way round.'),
    layer('functions-below-cli-and-deployment', '^functions/', '^cli/|' + DEPLOYMENT, 'Handlers are deployed and run by the CLI; they do not read either.'),
    layer('deployment-is-not-cli', DEPLOYMENT, '^cli/', 'The deployment packages handlers; the CLI is a separate entry point.'),
    layer('library-is-the-language-and-engine', '^lib/', '^(functions|cli|storage|deploy)/', 'The library (package.json exports) is the language and the engine: no handlers, storage or CLI in it.'),
    layer('nothing-ships-the-build', '^(errors|grammar|engine|functions|cli|storage|deploy|lib)/', '^build/', 'build/ makes dist/ from the sources; no source imports it.'),
  ],
  options: {
    tsConfig: { fileName: 'tsconfig.json' },
    // Type-only imports count: a type cycle is still a tangle a reader must hold at once.
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^node_modules' },
  },
};
