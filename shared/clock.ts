// Time is a port: deadlines are computed against `Clock.now()`, never against the wall clock directly, so a
// test or the local cloud can say what time it is.
export interface Clock {
  now(): Date;
}
