// Reading aloud with the browser's speech synthesis, in a voice of the page's language (a Chinese voice
// for zh-CN). Where the device has no such voice the read-aloud buttons stay hidden; voices that load
// late arrive with "voiceschanged". One reading at a time, app-wide; any button can stop it.
import { computed, ref, type Ref } from 'vue'

export interface VoiceLike {
  lang: string
  name: string
  default?: boolean
  localService?: boolean
}

const norm = (lang: string) => lang.replace(/_/g, '-').toLowerCase()

/** The voice to read `locale` with, or null: for zh-CN a zh-CN voice first, then any zh/cmn voice; for en any en voice. */
export function pickVoice<V extends VoiceLike>(voices: readonly V[], locale: string): V | null {
  const want = norm(locale)
  const base = want.split('-')[0]!
  const family = base === 'zh' ? ['zh', 'cmn'] : [base]
  const inFamily = voices.filter((v) => family.includes(norm(v.lang).split('-')[0]!))
  const exact = inFamily.filter((v) => norm(v.lang) === want)
  const pool = exact.length ? exact : inFamily
  return pool.find((v) => v.localService) ?? pool[0] ?? null
}

/** Splits text into sentences (at 。！？； and line ends; not at '.', which also ends numbers and list marks), so a long reading is queued in parts (some engines stop a long utterance early). */
export function sentences(text: string): string[] {
  return (text.match(/[^。！？；!?;\n]+[。！？；!?;]?/g) ?? []).map((s) => s.trim()).filter(Boolean)
}

const voices: Ref<SpeechSynthesisVoice[]> = ref([])
const speaking = ref<string | null>(null)
let watching = false

function synth(): SpeechSynthesis | null {
  return typeof globalThis.speechSynthesis === 'undefined' ? null : globalThis.speechSynthesis
}

function watchVoices() {
  const s = synth()
  if (watching || !s) return
  watching = true
  const update = () => (voices.value = s.getVoices())
  update()
  s.addEventListener('voiceschanged', update)
}

export function useSpeech(locale: Ref<string>) {
  watchVoices()
  const voice = computed(() => pickVoice(voices.value, locale.value))

  function stop() {
    speaking.value = null
    synth()?.cancel()
  }

  function speak(id: string, text: string) {
    const s = synth()
    const v = voice.value
    if (!s || !v) return
    s.cancel()
    speaking.value = id
    const parts = sentences(text)
    parts.forEach((part, i) => {
      const u = new SpeechSynthesisUtterance(part)
      u.voice = v
      u.lang = v.lang
      u.rate = 0.9
      if (i === parts.length - 1) u.onend = () => speaking.value === id && (speaking.value = null)
      u.onerror = () => speaking.value === id && (speaking.value = null)
      s.speak(u)
    })
  }

  return { available: computed(() => voice.value !== null), speaking, speak, stop }
}
