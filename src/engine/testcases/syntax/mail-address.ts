/** The SOA RNAME as a mail address and the mail address syntax (Syntax06). */

/**
 * Syntax06 step 3.4: RNAME to an email address. The first unescaped dot becomes "@", escaped dots become
 * plain dots (other escapes are undone too); a final dot is dropped.
 */
export function rnameToEmail(rname: string): string {
  let out = '';
  let atPlaced = false;
  for (let i = 0; i < rname.length; i++) {
    const ch = rname[i]!;
    if (ch === '\\' && i + 1 < rname.length) {
      const digits = rname.slice(i + 1, i + 4);
      if (/^\d{3}$/.test(digits)) {
        out += String.fromCharCode(Number(digits));
        i += 3;
      } else {
        out += rname[i + 1]!;
        i++;
      }
    } else if (ch === '.' && !atPlaced) {
      out += '@';
      atPlaced = true;
    } else out += ch;
  }
  return out.endsWith('.') ? out.slice(0, -1) : out;
}

// RFC 5322 section 3.2.3 atext, and a host name label for the domain part (a fully qualified domain).
const ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
const DOT_ATOM = new RegExp(`^${ATOM}(\\.${ATOM})*$`);
const QUOTED_STRING = /^"([\x20\x21\x23-\x5b\x5d-\x7e]|\\[\x20-\x7e])*"$/;
const HOST_LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?$/;

/** An addr-spec of RFC 5322 section 3.4.1 whose domain part is a fully qualified host name. */
export function isValidMailAddress(address: string): boolean {
  const at = address.lastIndexOf('@');
  if (at <= 0) return false;
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (!DOT_ATOM.test(local) && !QUOTED_STRING.test(local)) return false;
  const labels = domain.split('.');
  return labels.length >= 2 && labels.every((l) => HOST_LABEL.test(l) && l.length <= 63);
}
