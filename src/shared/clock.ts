/**
 * The one clock type: the current time in epoch milliseconds. Code that needs "now" takes
 * a Clock, so tests pin time; `Date.now` is the production clock.
 */
export type Clock = () => number;
