/**
 * List arguments of messages (ns_list, nsname_list, ns_ip_list, ...): the reference sorts the members and joins
 * them with ";"; a member appears once.
 */

/** Members sorted and joined with ";" (each kept as often as given). */
export function joinSorted(members: Iterable<string>): string {
  return [...members].sort().join(';');
}

/** Members once each, sorted, joined with ";". */
export function listArg(members: Iterable<string>): string {
  return [...new Set(members)].sort().join(';');
}
