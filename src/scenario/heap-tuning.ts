// V8 sizes its young generation once, when a heap is made, and a flag set later has no effect.
// A simulation allocates short-lived objects by the million (scheduling cycles, watch events)
// next to long-lived ones (pods): with the default 16 MB semi-spaces the long-lived ones were
// copied again and again by scavenges. At 150,000 pods, 64 MB semi-spaces took the garbage
// collector's time from about 5.5 s to 2.5 s. Starting at that size too (V8 otherwise starts at
// 1 MB and doubles it scavenge after scavenge) took the default scenario from about 6.3 s to
// 4.8 s and the scale benchmark's first ten virtual minutes from about 16.4 s to 15.4 s.
// Processes podsim starts (benchmarks) pass the flags, as do the npm scripts in package.json
// and the shebang of bin/podsim.js (which spell out the same 64); sweep worker threads get the
// equivalent young generation size (a worker can set only its maximum).

/** The semi-space size podsim's processes are started with (node --min- and --max-semi-space-size). */
export const SEMI_SPACE_MB = 64;

/** The node flags that set it. */
export const SEMI_SPACE_FLAGS = [`--max-semi-space-size=${SEMI_SPACE_MB}`, `--min-semi-space-size=${SEMI_SPACE_MB}`];

/** A worker's young generation holding two semi-spaces of that size and V8's new large-object space. */
export const YOUNG_GENERATION_MB = 3 * SEMI_SPACE_MB;
