// The container's clock. Production reads the system time. A runtime that hosts the function may install
// another time source before the function loads (the local cloud's sandboxes install its movable clock,
// `POST /dev/clock`, under the global symbol below), and tooling in one process may set one with
// `setTimeSource`: that is how deadline behaviour is tried without waiting.
import type { Clock } from '../../shared/clock.ts';

const installed = (globalThis as Record<symbol, unknown>)[Symbol.for('tongban.timeSource')];

let source: () => number = typeof installed === 'function' ? (installed as () => number) : Date.now;

export const clock: Clock = { now: () => new Date(source()) };

export const setTimeSource = (next: () => number) => {
  source = next;
};
