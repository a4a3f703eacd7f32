/** Names compared as a person types them: spaces at the ends and doubled inside do not count, nor case (as the core compares them). */
export function sameTypedName(typed: string, name: string): boolean {
  const plain = (value: string) => value.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase();
  return plain(typed) !== '' && plain(typed) === plain(name);
}
