/**
 * The footprint half of `npm run bench` (bench/run.ts is the evaluation half):
 * CLI start-up ratios and, per Lambda function, bundle size and module-init CPU.
 */
import { buildJavaScript } from '../build/build.ts';
import { lambdaTable } from './lambdas.ts';
import { startupTable } from './startup.ts';

// The CLI measured is the one the sources make now.
await buildJavaScript();
console.log(`Footprint on Node ${process.version}\n`);
console.log(startupTable());
console.log(await lambdaTable());
