// The sweep's progress text: counts, a bar on terminals, and a time left from this session's pace.
import { describe, expect, it } from 'vitest';
import { progressText } from '../../src/cli/progress.js';

describe('progressText', () => {
  it('estimates the time left from the runs finished in this session only', () => {
    // 10 runs were in the store (resume); 5 finished now in 10 s; 5 remain: 10 s more.
    expect(progressText({ done: 14, failed: 1, total: 20, finishedNow: 5, elapsedSeconds: 10 }, false)).toBe('podsim sweep: 14 done, 1 failed, 20 total, about 10 s left');
  });

  it('draws a bar on a terminal and drops the estimate when nothing is left', () => {
    expect(progressText({ done: 10, failed: 0, total: 20, finishedNow: 10, elapsedSeconds: 5 }, true)).toBe(`[${'#'.repeat(15)}${'.'.repeat(15)}] 10 done, 0 failed, 20 total, about 5 s left`);
    expect(progressText({ done: 20, failed: 0, total: 20, finishedNow: 20, elapsedSeconds: 5 }, true)).toBe(`[${'#'.repeat(30)}] 20 done, 0 failed, 20 total`);
  });

  it('gives long estimates in minutes or hours', () => {
    expect(progressText({ done: 1, failed: 0, total: 200, finishedNow: 1, elapsedSeconds: 60 }, false)).toMatch(/about 3\.3 h left$/);
    expect(progressText({ done: 1, failed: 0, total: 100, finishedNow: 1, elapsedSeconds: 60 }, false)).toMatch(/about 99 min left$/);
    expect(progressText({ done: 1, failed: 0, total: 4, finishedNow: 1, elapsedSeconds: 60 }, false)).toMatch(/about 3 min left$/);
  });
});
