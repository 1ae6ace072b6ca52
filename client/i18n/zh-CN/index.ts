// zh-CN messages, one file per module; a module adds its file here with one line.
import common from './common.ts'
import meals from './meals.ts'
import sync from './sync.ts'
import patrol from './patrol.ts'
import counter from './counter.ts'
import coordinator from './coordinator.ts'
import agreements from './agreements.ts'
import security from './security.ts'
import totp from './totp.ts'
import retention from './retention.ts'
import maps from './maps.ts'
import insecure from './insecure.ts'
import referenceLayers from './reference-layers.ts'
import accounts from './accounts.ts'
import hotline from './hotline.ts'
import brief from './brief.ts'
import consent from './consent.ts'
import residents from './residents.ts'
import operator from './operator.ts'

export default {
  ...common,
  ...meals,
  ...sync,
  ...patrol,
  ...counter,
  ...coordinator,
  ...agreements,
  ...security,
  ...totp,
  ...retention,
  ...maps,
  ...insecure,
  ...referenceLayers,
  ...accounts,
  ...hotline,
  ...brief,
  ...consent,
  ...residents,
  ...operator,
}
