// The project's scripts (`npm run scan`, `npm run lint:workflows`) run on the developer's machine
// and in CI, never inside n8n: ESLint's recommended rules, not the community-node ones. ESLint
// uses this file for scripts/ when it looks configs up from each file (ESLint 10's default; on
// ESLint 9, `npm run lint` sets ESLINT_FLAGS=unstable_config_lookup_from_file).
import { devConfig } from '../eslint.dev.mjs';

export default devConfig;
