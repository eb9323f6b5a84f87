/** Domains not expected to receive mail (Zone09, Zone11). */
import { labelsOf } from '../../dns/name.js';

/** Root, a TLD or a zone under .arpa: domains not expected to be used for email (Zone09, Zone11). */
export function isNonMailDomain(zone: string): boolean {
  return zone === '' || labelsOf(zone).length === 1 || zone.endsWith('.arpa');
}
