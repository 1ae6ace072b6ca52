// The hotline module (接诉即办): the 12345 work orders the office receives — imported from the
// hotline's export or entered by hand — linked to a patrol report, hotspot or counter matter, with
// their deadline, reply and callback satisfaction; and the figures for the monthly brief.
import type { ServerModule } from '../module.ts'
import { HOTLINE_MESSAGES } from '#domain/hotline/messages.ts'
import { ordersRouter, callersRetention } from './orders/index.ts'
import { importsRouter } from './imports/index.ts'
import { seedHotline } from './seed.ts'

export { workOrderMonthFigures } from './figures.ts'

export const hotlineModule: ServerModule = {
  name: 'hotline',
  routes: [ordersRouter, importsRouter].map((router) => ({ path: '/api/hotline', router })),
  messages: HOTLINE_MESSAGES,
  seed: { demo: [seedHotline] },
  retention: [callersRetention],
}
