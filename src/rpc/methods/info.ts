/** version_info / system_versions, profile_names / conf_profiles, get_language_tags / conf_languages. */
import { offeredLanguages, type ApiContext, type Handler } from '../context.js';

export function infoMethods(api: ApiContext): Record<string, Handler> {
  const versionInfo = () => api.engine.versions();
  const profileNames = () => Object.keys(api.config.PUBLIC_PROFILES).sort();
  const languageTags = () => offeredLanguages(api.config, api.engine.languages());
  return {
    version_info: versionInfo,
    system_versions: versionInfo,
    profile_names: profileNames,
    conf_profiles: () => ({ profiles: profileNames() }),
    get_language_tags: languageTags,
    conf_languages: () => ({ languages: languageTags() }),
  };
}
