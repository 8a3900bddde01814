// Runs the backtest worker from the TypeScript sources (the CLI run through tsx):
// a worker thread does not inherit the main thread's tsx registration.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
