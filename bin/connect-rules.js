#!/usr/bin/env node
// The CLI is TypeScript run through tsx, so `npx connect-rules` works right after
// `npm install` with no build step.
import { register } from 'tsx/esm/api';

register();
await import('../cli/main.ts');
