/** get_host_by_name / lookup_address_records, get_data_from_parent_zone / lookup_delegation_data. */
import { normalizedName, type ApiContext, type Handler, type Params } from '../context.js';
import type { DelegationData } from '../engine-adapter.js';

// Answers list what the DNS gave in the order it came; sorted, the same question always gets the same answer.
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byNameThenAddress = (a: { ns: string; ip: string }, b: { ns: string; ip: string }) =>
  byText(a.ns, b.ns) || byText(a.ip, b.ip);
const byDsFields = (a: DelegationData['ds_list'][number], b: DelegationData['ds_list'][number]) =>
  a.keytag - b.keytag || a.algorithm - b.algorithm || a.digtype - b.digtype || byText(a.digest, b.digest);

export function lookupMethods(api: ApiContext): Record<string, Handler> {
  const hints = () => api.config.ZONEMASTER.root_hints;

  const hostByName = async (params: Params) => {
    const hostname = params.hostname as string;
    const found = (await api.engine.lookupAddresses(normalizedName(api, hostname), hints()))
      .map((f) => f.address)
      .sort(byText);
    // One single-key object per address, keyed by the name as given; 0.0.0.0 when there is none.
    return found.length === 0
      ? [{ [hostname]: '0.0.0.0' }]
      : found.map((address) => ({ [hostname]: address }));
  };

  const parentData = async (params: Params) => {
    const data = await api.engine.lookupDelegation(normalizedName(api, params.domain as string), hints());
    return {
      ns_list: [...data.ns_list].sort(byNameThenAddress),
      ds_list: [...data.ds_list].sort(byDsFields),
    };
  };

  return {
    get_host_by_name: hostByName,
    lookup_address_records: async (params) => ({ address_records: await hostByName(params) }),
    get_data_from_parent_zone: parentData,
    lookup_delegation_data: parentData,
  };
}
