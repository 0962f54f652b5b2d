#!/usr/bin/env node
// Runs the TypeScript command line directly: tsx compiles it on the fly, so a checkout needs no
// build step before `npx billing`.
import { register } from 'tsx/esm/api';

register();
await import('../server/cli/main.ts');
