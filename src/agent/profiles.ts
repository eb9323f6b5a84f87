import type { Config } from '../config/types.js';
import { defaultProfile, loadProfileFile, type Profile } from '../engine/profile.js';

/**
 * Profiles by name, as [PUBLIC PROFILES] and [PRIVATE PROFILES] map them; each file is read once. "default"
 * without a file (and any name no longer configured) is the engine's default profile.
 */
export class ProfileCatalog {
  private readonly loaded = new Map<string, Profile>();

  constructor(private readonly config: Config) {}

  get(name: unknown): Profile {
    const key = typeof name === 'string' ? name.toLowerCase() : 'default';
    const path = this.config.PUBLIC_PROFILES[key] ?? this.config.PRIVATE_PROFILES[key];
    const cacheKey = path ?? '';
    let profile = this.loaded.get(cacheKey);
    if (!profile) {
      profile = path ? loadProfileFile(path) : defaultProfile();
      this.loaded.set(cacheKey, profile);
    }
    return profile;
  }

  /** Loads every configured profile now, so that a broken file stops start-up rather than a test. */
  preload(): void {
    for (const name of [
      ...Object.keys(this.config.PUBLIC_PROFILES),
      ...Object.keys(this.config.PRIVATE_PROFILES),
    ]) {
      this.get(name);
    }
    this.get('default');
  }
}
