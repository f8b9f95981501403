#!/usr/bin/env node
// Runs the TypeScript CLI in this process through tsx's loader (no build step, no child process), so Ctrl-C and
// SIGTERM reach the run itself and it can clean up what it created before it exits.
import { register } from 'tsx/esm/api';

register();
await import('../harness/main.ts');
