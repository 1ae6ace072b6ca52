// The developer switch: measurements (download, index and query times) show only with it on.
// `?debug=1` in the address turns it on and keeps it on this device; `?debug=0` turns it off.
const KEY = 'lastmile.debug'

type Flags = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>

export function debugEnabled(search: string = location.search, storage: Flags = localStorage): boolean {
  const asked = new URLSearchParams(search).get('debug')
  try {
    if (asked === '1') storage.setItem(KEY, '1')
    else if (asked === '0') storage.removeItem(KEY)
    return storage.getItem(KEY) === '1'
  } catch {
    // Storage refused (private mode): the address alone decides.
    return asked === '1'
  }
}
