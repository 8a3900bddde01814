/**
 * Bridge between serverless.yml and deploy/serverless.ts: osls reads `.js`/`.cjs`
 * variable files only (`${file(./deploy/serverless.cjs):functions}`), so this file
 * imports the TypeScript module with tsx (a dependency of the project and of osls)
 * and hands osls the parts of `buildDeployment()` for the stage and parameters
 * being packaged. Nothing here knows about resources: see deploy/serverless.ts.
 */
'use strict';

const path = require('node:path');
const { pathToFileURL } = require('node:url');

/** Imports a TypeScript module (absolute path) through tsx. */
function importTs(file) {
  return import('tsx/esm/api').then(({ tsImport }) => tsImport(pathToFileURL(file).href, __filename));
}

/**
 * `{ functions, resources, outputs, extensions }` for osls, each a function osls calls with its
 * variable resolver. `loadSpecs` gives the function specs (default: `FUNCTIONS`;
 * the packaging test's fixture service passes its own).
 */
function createBridge(loadSpecs) {
  let modulePromise;
  const built = new Map();
  const deployment = async ({ resolveVariable }) => {
    modulePromise ??= importTs(path.join(__dirname, 'serverless.ts'));
    const mod = await modulePromise;
    const service = await resolveVariable('self:service');
    const stage = await resolveVariable('sls:stage');
    const raw = {};
    for (const p of mod.DEPLOY_PARAMETERS) {
      // The `, ''` fallback lets optional parameters be left out of `params:`.
      raw[p.name] = await resolveVariable(`param:${p.name}, ''`);
    }
    const key = JSON.stringify([service, stage, raw]);
    if (!built.has(key)) {
      const specs = loadSpecs ? await loadSpecs() : mod.FUNCTIONS;
      // The shell's environment: read by the `local` stage only (deploy/local-stage.ts).
      built.set(key, mod.buildDeployment({ service, stage, params: mod.checkParams(raw), env: process.env, serviceDir: process.cwd() }, specs));
    }
    return built.get(key);
  };
  const localStage = async ({ resolveVariable }) => {
    modulePromise ??= importTs(path.join(__dirname, 'serverless.ts'));
    return { mod: await modulePromise, stage: await resolveVariable('sls:stage') };
  };
  return {
    // `custom.serverless-offline`, `custom.esbuild.outputFileExtension` and `outputWorkFolder` of the stage (deploy/local-stage.ts).
    offline: async (ctx) => {
      const { mod, stage } = await localStage(ctx);
      return mod.offlineSettings(stage);
    },
    bundleExtension: async (ctx) => {
      const { mod, stage } = await localStage(ctx);
      return mod.bundleExtension(stage);
    },
    bundleFolder: async (ctx) => {
      const { mod, stage } = await localStage(ctx);
      return mod.bundleFolder(stage);
    },
    // `custom.esbuild.define`: the stage's actions back end, the only one its bundles hold (deploy/actions.ts),
    // and whether they hold the local stage's S3 folder reader (deploy/local-stage.ts).
    esbuildDefine: async (ctx) => {
      const { mod, stage } = await localStage(ctx);
      return { ...mod.packagedActionsDefine(await ctx.resolveVariable('param:actionsBackend')), ...mod.packagedS3FolderDefine(stage) };
    },
    functions: async (ctx) => (await deployment(ctx)).functions,
    resources: async (ctx) => (await deployment(ctx)).resources,
    outputs: async (ctx) => (await deployment(ctx)).outputs,
    extensions: async (ctx) => (await deployment(ctx)).extensions,
  };
}

/**
 * The path of build/esbuild-plugins.cjs relative to the service being packaged
 * (osls runs in its folder; serverless-esbuild joins the path to it), so this
 * service and the packaging test's fixture service share one plugin list.
 */
const esbuildPlugins = () => path.relative(process.cwd(), path.join(__dirname, '../build/esbuild-plugins.cjs'));

module.exports = { ...createBridge(), createBridge, importTs, esbuildPlugins };
