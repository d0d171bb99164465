// Benchmarks run on the developer's machine and in CI, never inside n8n, so
// they are not held to the community-node rules (they need timers, `process`, sockets, files).
// They are held to ESLint's and typescript-eslint's recommended rules instead. ESLint uses this
// file for everything under bench/ when it looks configs up from each file (ESLint 10's default;
// on ESLint 9, `npm run lint` sets ESLINT_FLAGS=unstable_config_lookup_from_file).
import { devConfig } from '../eslint.dev.mjs';

export default devConfig;
