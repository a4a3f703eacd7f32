import { readFileSync } from 'node:fs';

/** What the kernel (Linux /proc) says about a process: memory in bytes, CPU in seconds. */

export interface ProcessMemory {
  /** VmRSS: resident now. */
  residentBytes: number;
  /** VmHWM: the most it was ever resident. */
  peakResidentBytes: number;
}

/** Clock ticks per second of /proc/<pid>/stat times; 100 on every Linux this runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

export function readProcessMemory(pid: number): ProcessMemory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return { residentBytes: statusField(status, 'VmRSS'), peakResidentBytes: statusField(status, 'VmHWM') };
}

/** User + system CPU time the process has used so far. */
export function readProcessCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesized command name (which may hold spaces): utime is the 14th field overall, stime the 15th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

/** The command line of a process, for checking that a pid is the process meant. */
export function readCommandLine(pid: number): string[] {
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter((arg) => arg !== '');
}

function statusField(status: string, name: string): number {
  const match = new RegExp(`^${name}:\\s+(\\d+) kB$`, 'm').exec(status);
  if (!match) throw new Error(`/proc status has no ${name}`);
  return Number(match[1]) * 1024;
}
