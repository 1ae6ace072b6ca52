// Where the router leaves the window after a navigation.
import { START_LOCATION, type RouteLocationNormalized } from 'vue-router'

/**
 * A page opened from another starts at its top. The first page of a load already does (the router keeps
 * the browser from restoring a position): scrolling there would lay the page out inside the task that
 * renders it, before its first paint, instead of in the frame after it.
 */
export function scrollBehavior(_to: RouteLocationNormalized, from: RouteLocationNormalized): false | { top: number } {
  return from === START_LOCATION ? false : { top: 0 }
}
