import { consoleEventRoles, type DeviceRole } from '../../shared/events/model';
import { capabilityEvents, type Capabilities, type Capability } from '../../shared/api/team';

/** What a console of this role may do: the roles the relay allows for each capability's event (pure). */
export function capabilitiesOf(role: DeviceRole): Capabilities {
  const may = { manageTeam: role === 'admin' } as Capabilities;
  for (const [capability, type] of Object.entries(capabilityEvents) as [Exclude<Capability, 'manageTeam'>, keyof typeof consoleEventRoles][]) {
    may[capability] = (consoleEventRoles[type] as readonly DeviceRole[]).includes(role);
  }
  return may;
}
