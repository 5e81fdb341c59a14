#!/usr/bin/env node
// The workspace ships TypeScript sources (package exports point at src/); tsx compiles them on load.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
