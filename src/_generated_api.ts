/**
 * What code generated from a catalog imports from the runtime. The standard catalog's generated
 * module (`events.generated.ts`, in this folder) imports it here; a user's generated module
 * imports the same names from the package's root entry.
 *
 * @module
 */

export { type Catalog, defineCatalog } from "./catalog.ts";
export { channel } from "./telemetry.ts";
