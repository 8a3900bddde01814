/**
 * An esbuild plugin for the Lambda bundles: each AWS SDK client reads its own
 * package.json for one field, its `version` (`packageInfo.version` in its
 * runtimeConfig, for the User-Agent), but a default import of JSON bundles the whole
 * file (2-3 KB: scripts, dependencies, descriptions). The client gets a package.json
 * holding only its version.
 */
import { readFile } from 'node:fs/promises';
import type { Plugin } from 'esbuild';

const CLIENT_PACKAGE = /[\\/]@aws-sdk[\\/]client-[^\\/]+[\\/]package\.json$/;

export const awsSdkPackageInfo: Plugin = {
  name: 'aws-sdk-package-info',
  setup(build) {
    build.onLoad({ filter: CLIENT_PACKAGE }, async (args) => {
      const { version } = JSON.parse(await readFile(args.path, 'utf8')) as { version: string };
      return { contents: JSON.stringify({ version }), loader: 'json' };
    });
  },
};
