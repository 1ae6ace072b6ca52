// Composes a module list into what requests need: the sync entity registry and the message catalogue
// (core and password messages and every module's), both built once here and handed to createApp inside deps.
import type { BaseDeps, Deps } from '../http/context.ts'
import { entityRegistry } from '../sync/registry.ts'
import { CORE_DICTIONARIES, messageCatalogue } from '#domain/messages.ts'
import type { ServerModule } from './module.ts'
import { PASSWORD_MESSAGES } from '../auth/password-strength.ts'

export function withModules(base: BaseDeps, modules: readonly ServerModule[]): Deps {
  const names = new Set<string>()
  for (const m of modules) {
    if (names.has(m.name)) throw new Error(`module '${m.name}' is listed twice`)
    names.add(m.name)
  }
  return {
    ...base,
    modules,
    entities: entityRegistry(modules.flatMap((m) => m.entities ?? [])),
    messages: messageCatalogue(...CORE_DICTIONARIES, PASSWORD_MESSAGES, ...modules.map((m) => m.messages ?? {})),
  }
}
