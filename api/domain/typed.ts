// A schema for an answer (or part of one) whose shape the domain states only as a TypeScript type so
// far: it checks that an object arrived and gives it that type. A zod schema replaces it when written.
import { z } from 'zod'

export const typedObject = <T>() => z.custom<T>((v) => typeof v === 'object' && v !== null && !Array.isArray(v))
