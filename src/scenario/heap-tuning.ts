// V8 sizes its young generation once, when a heap is made, and a flag set later has no effect.
// A simulation allocates short-lived objects by the million (scheduling cycles, watch events)
// next to long-lived ones (pods): with Node's default young generation (semi-spaces starting at
// 1 MB and growing to 16 MB) the long-lived ones were copied again and again by scavenges, and
// the young generation was regrown scavenge after scavenge. Fixed 32 MB semi-spaces (measured on
// the 2-core machine, 2026-11-28): the scale benchmark's first ten virtual minutes at 150,000 pods
// about a second faster than with 64 MB ones grown from 1 MB, loading its 14,000-line file 0.3 s
// faster (fewer fresh pages to fault in) and 80 MB less peak RSS than fixed 64 MB ones, and the
// default scenario 6.3 → 4.7 s. 16 MB was slower at scale.
// Processes podsim starts (benchmarks) pass the flags, as do the npm scripts in package.json
// and the shebang of bin/podsim.js (which spell out the same 32); sweep worker threads get the
// equivalent young generation size (a worker can set only its maximum).

/** The semi-space size podsim's processes are started with (node --min- and --max-semi-space-size). */
export const SEMI_SPACE_MB = 32;

/** The node flags that set it. */
export const SEMI_SPACE_FLAGS = [`--max-semi-space-size=${SEMI_SPACE_MB}`, `--min-semi-space-size=${SEMI_SPACE_MB}`];

/** A worker's young generation holding two semi-spaces of that size and V8's new large-object space. */
export const YOUNG_GENERATION_MB = 3 * SEMI_SPACE_MB;
