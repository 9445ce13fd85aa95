#!/usr/bin/env node
// Runs the compiled server (dist/) with plain node. It compiles it first when dist/ is missing or
// older than src/, so a fresh clone needs no build step of its own (scripts/build.js).
import { ensureServerBuilt } from '../scripts/build.js';

ensureServerBuilt((line) => process.stdout.write(`${line}\n`));
await import('../dist/main.js');
