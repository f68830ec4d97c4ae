import { buildTemplate } from './pglite-template.ts';

// Run by `npm run build` (scripts/bundle.mjs) from the bundle, so the template is made by the very
// code and migrations that will open it.
const built = await buildTemplate();
console.log(
  built
    ? 'Embedded database template made in dist/pgdata-template'
    : 'Embedded database template up to date',
);
