// V8 sizes its young generation once, when a heap is made, and a flag set later has no effect.
// A simulation allocates short-lived objects by the million (scheduling cycles, watch events)
// next to long-lived ones (pods): with the default 16 MB semi-spaces the long-lived ones were
// copied again and again by scavenges. At 150,000 pods, 64 MB semi-spaces took the garbage
// collector's time from about 5.5 s to 2.5 s. Processes podsim starts (benchmarks) pass the flag,
// as do the npm scripts in package.json (which spell out the same 64); sweep worker threads get
// the equivalent young generation size.

/** The semi-space size podsim's processes are started with (node --max-semi-space-size). */
export const SEMI_SPACE_MB = 64;

/** The node flag that sets it. */
export const SEMI_SPACE_FLAG = `--max-semi-space-size=${SEMI_SPACE_MB}`;

/** A worker's young generation holding two semi-spaces of that size and V8's new large-object space. */
export const YOUNG_GENERATION_MB = 3 * SEMI_SPACE_MB;
