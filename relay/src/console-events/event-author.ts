/**
 * Who wrote a team fact (a note, an assignment, a merge…): every `by` in console event
 * data is the posting device's name, whatever the console sent, so nobody can write a
 * note as someone else. Consoles still send a `by` (the schema keeps it required, for
 * events stored before this rule) but it no longer matters. Pure.
 */
export function stampAuthor<T extends { data: object }>(input: T, deviceName: string): T {
  if (!('by' in input.data)) return input;
  return { ...input, data: { ...input.data, by: deviceName } };
}
