/**
 * PGlite's shared buffers when unset (PERK_PGLITE_SHARED_BUFFERS_MB). PostgreSQL's 128 MB is
 * written through once at every start (3 ms a megabyte: 0.4 s of a first start) and stays
 * resident; a shop's working set fits in 32 MB, and a page beyond it is read from the OS's file
 * cache.
 */
export const defaultPgliteSharedBuffersMb = 32;
