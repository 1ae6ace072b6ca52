// The monthly brief (月报): one computed brief per month and place, read as a page, a .docx and a
// home card. Its sections are builders listed in sections/index.ts.
import type { ServerModule } from '../module.ts'
import { BRIEF_MESSAGES } from '#domain/brief/messages.ts'
import { briefRouter } from './routes.ts'

export const briefModule: ServerModule = {
  name: 'brief',
  routes: [{ path: '/api/brief', router: briefRouter }],
  messages: BRIEF_MESSAGES,
}

export { BRIEF_SECTIONS } from './sections/index.ts'
export { buildBrief, buildGlance } from './service.ts'
