// V8 sizes its young generation once, when a heap is made, and a flag set later has no effect.
// A simulation allocates short-lived objects by the million (scheduling cycles, watch events)
// next to long-lived ones (pods). Measured on the 2-core machine (2026-11-28): fixed 64 MB
// semi-spaces ran the scale benchmark's first ten virtual minutes about a second faster than
// 64 MB ones grown from V8's small start (each step of growth is another scavenge); fixed 32 MB
// ones ran as fast as fixed 64 MB ones (within the machine's noise), loaded the 14,000-line
// scenario 0.3 s faster (fewer fresh pages to fault in) with about 100 MB less peak RSS, and run
// the default scenario in 4.7 s (6.3 s with 64 MB grown, about 5.1 s with Node's default). 16 MB
// was slower at scale. Processes podsim starts (benchmarks) pass the flags, as do the npm scripts
// in package.json and the shebang of bin/podsim.js (which spell out the same 32); sweep worker
// threads get the equivalent young generation size (a worker can set only its maximum).

/** The semi-space size podsim's processes are started with (node --min- and --max-semi-space-size). */
export const SEMI_SPACE_MB = 32;

/** The node flags that set it. */
export const SEMI_SPACE_FLAGS = [`--max-semi-space-size=${SEMI_SPACE_MB}`, `--min-semi-space-size=${SEMI_SPACE_MB}`];

/** A worker's young generation holding two semi-spaces of that size and V8's new large-object space. */
export const YOUNG_GENERATION_MB = 3 * SEMI_SPACE_MB;
