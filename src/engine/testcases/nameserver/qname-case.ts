/** The case-scrambled query names of Nameserver08 and Nameserver09. */

/** Each letter randomly upper or lower case, never the name itself. */
export function scrambleCase(name: string, differentFrom: readonly string[] = []): string {
  if (!/[a-z]/i.test(name)) return name;
  for (;;) {
    const scrambled = [...name]
      .map((ch) => (Math.random() < 0.5 ? ch.toUpperCase() : ch.toLowerCase()))
      .join('');
    if (scrambled !== name && !differentFrom.includes(scrambled)) return scrambled;
  }
}

/** "www.<zone>" without trailing dot, as sent by Nameserver08/09. */
export function wwwName(zone: string): string {
  return zone === '' ? 'www' : `www.${zone}`;
}
