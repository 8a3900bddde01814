/**
 * `connect-rules eval` built to start alone (build/build.ts, ALONE): the program
 * with this one command, so a start loads nothing of the others.
 */
import { registerEval } from '../commands/eval.ts';
import { runProgram } from '../program.ts';

await runProgram([registerEval]);
