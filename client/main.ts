// Boots the app: Pinia, the router, i18n, the service worker. Nothing else happens here.
import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { router } from './router.ts'
import { i18n, initLocale } from './i18n/index.ts'
import './styles/base.css'
import './styles/shell.css'
import './styles/page.css'
import './styles/elder.css'

const app = createApp(App)
app.use(createPinia())
app.use(router)
app.use(i18n)
// English, when chosen, loads before the first render so the app never flashes in the other language.
// The mount runs as its own task after the modules' evaluation, so neither holds the main thread long.
void initLocale().finally(() => setTimeout(() => app.mount('#app'), 0))
