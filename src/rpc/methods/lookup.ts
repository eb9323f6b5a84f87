/** get_host_by_name / lookup_address_records, get_data_from_parent_zone / lookup_delegation_data. */
import { normalizedName, type ApiContext, type Handler, type Params } from '../context.js';

export function lookupMethods(api: ApiContext): Record<string, Handler> {
  const hints = () => api.config.ZONEMASTER.root_hints;

  const hostByName = async (params: Params) => {
    const hostname = params.hostname as string;
    const found = await api.engine.lookupAddresses(normalizedName(api, hostname), hints());
    // One single-key object per address, keyed by the name as given; 0.0.0.0 when there is none.
    return found.length === 0 ? [{ [hostname]: '0.0.0.0' }] : found.map((f) => ({ [hostname]: f.address }));
  };

  const parentData = async (params: Params) => {
    const data = await api.engine.lookupDelegation(normalizedName(api, params.domain as string), hints());
    return { ns_list: data.ns_list, ds_list: data.ds_list };
  };

  return {
    get_host_by_name: hostByName,
    lookup_address_records: async (params) => ({ address_records: await hostByName(params) }),
    get_data_from_parent_zone: parentData,
    lookup_delegation_data: parentData,
  };
}
