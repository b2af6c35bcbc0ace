// The container's clock. Production reads the system time; tests and the local cloud may install another
// source (a moved clock) through `setTimeSource`, which is how deadline behaviour is tried without waiting.
import type { Clock } from '../../shared/clock.ts';

let source: () => number = Date.now;

export const clock: Clock = { now: () => new Date(source()) };

export const setTimeSource = (next: () => number) => {
  source = next;
};
