// The sections of the monthly brief, in the order they are printed. A new section is one builder
// (see section.ts) and one line here; the page, the .docx and the home card pick it up from this list.
import type { BriefSectionBuilder } from './section.ts'
import { patrolSection } from './patrol.ts'
import { mealsSection } from './meals.ts'
import { counterSection } from './counter.ts'
import { residentsSection } from './residents.ts'
import { hotlineSection } from './hotline.ts'

export const BRIEF_SECTIONS: readonly BriefSectionBuilder[] = [patrolSection, residentsSection, hotlineSection, mealsSection, counterSection]

export type { BriefSectionBuilder, BriefContext, FigureDef, Measured } from './section.ts'
