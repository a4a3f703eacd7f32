import os from 'node:os';

/** The machine the figures came from, written beside them. */
export interface MachineInfo {
  cpuModel: string;
  cpuCount: number;
  totalMemoryBytes: number;
  node: string;
  os: string;
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cpuCount: cpus.length,
    totalMemoryBytes: os.totalmem(),
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
  };
}

export function describeMachine(info: MachineInfo): string {
  return `${info.cpuCount} × ${info.cpuModel}, ${(info.totalMemoryBytes / 2 ** 30).toFixed(1)} GiB RAM, node ${info.node}, ${info.os}`;
}
