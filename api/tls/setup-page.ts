// The setup page a phone opens over plain http before it trusts the local authority: a QR code of the
// https address, the authority to download, its fingerprint, and how to trust it on each system.
import { createHash } from 'node:crypto'
import qrcode from 'qrcode-generator'

export type SetupLang = 'zh-CN' | 'en'

interface Platform {
  id: string
  name: string
  steps: [icon: Icon, text: string][]
}

type Icon = 'download' | 'settings' | 'install' | 'shield' | 'open' | 'check'

const TEXT = {
  'zh-CN': {
    title: '在手机上使用 HTTPS',
    intro: '这台电脑用自己的“本地证书颁发机构”提供 HTTPS。手机信任它一次之后，定位、拍照、离线使用和“添加到主屏幕”才能使用。每台手机只需设置一次。',
    scan: '已经信任过？扫码或点击打开：',
    download: '下载证书 lastmile-ca.crt',
    fingerprint: '证书 SHA-256 指纹（安装时核对，应完全一致）',
    choose: '选择你的设备：',
    caution: '只安装从这台电脑下载、指纹一致的证书。它只用于访问本单位的 Lastmile。',
    other: 'English',
    otherHref: '?lang=en',
    platforms: [
      {
        id: 'android',
        name: 'Android（安卓）',
        steps: [
          ['download', '点上面的“下载证书”，保存文件。'],
          ['settings', '打开“设置”，搜索“证书”，进入“加密与凭据” → “安装证书” → “CA 证书”。'],
          ['install', '点“仍然安装”，选择下载的 lastmile-ca.crt（可能需要输入锁屏密码）。'],
          ['open', '用 Chrome 打开页面底部的 https 地址。'],
        ],
      },
      {
        id: 'harmony',
        name: 'HarmonyOS（鸿蒙）',
        steps: [
          ['download', '点上面的“下载证书”，保存文件。'],
          ['settings', '打开“设置” → “安全” → “更多安全设置” → “加密和凭据”（或在设置里搜索“证书”）。'],
          ['install', '选“从存储设备安装” → “CA 证书”，选择 lastmile-ca.crt。'],
          ['open', '用浏览器打开页面底部的 https 地址。'],
        ],
      },
      {
        id: 'ios',
        name: 'iPhone / iPad',
        steps: [
          ['download', '用 Safari 打开本页，点“下载证书”，选“允许”下载描述文件。'],
          ['install', '打开“设置” → “通用” → “VPN与设备管理”，点“Lastmile local CA” → “安装”。'],
          ['shield', '“设置” → “通用” → “关于本机” → 最下方“证书信任设置”，打开“Lastmile local CA”的开关。'],
          ['open', '用 Safari 打开页面底部的 https 地址。'],
        ],
      },
      {
        id: 'windows',
        name: 'Windows',
        steps: [
          ['download', '点“下载证书”，双击打开 lastmile-ca.crt，点“安装证书”。'],
          ['install', '选“当前用户”，再选“将所有的证书都放入下列存储” → “浏览” → “受信任的根证书颁发机构”。'],
          ['check', '点“完成”，确认安全警告中的指纹与本页一致后点“是”。'],
          ['open', '重新打开浏览器，访问 https 地址。'],
        ],
      },
      {
        id: 'macos',
        name: 'macOS',
        steps: [
          ['download', '点“下载证书”，双击 lastmile-ca.crt，加入“登录”钥匙串。'],
          ['shield', '在“钥匙串访问”中双击“Lastmile local CA”，展开“信任”，“使用此证书时”选“始终信任”。'],
          ['check', '关闭窗口并输入密码确认。'],
          ['open', '用浏览器打开 https 地址。'],
        ],
      },
    ] as Platform[],
  },
  en: {
    title: 'Use HTTPS on a phone',
    intro:
      'This computer serves HTTPS with its own local certificate authority. Once a phone trusts it, location, camera photos, offline use and "add to home screen" work. Each phone does this once.',
    scan: 'Trusted already? Scan or tap to open:',
    download: 'Download the certificate lastmile-ca.crt',
    fingerprint: 'The certificate’s SHA-256 fingerprint (compare while installing: it must match exactly)',
    choose: 'Choose your device:',
    caution: 'Only install the certificate downloaded from this computer, with a matching fingerprint. It serves your office’s Lastmile only.',
    other: '中文',
    otherHref: '?lang=zh-CN',
    platforms: [
      {
        id: 'android',
        name: 'Android',
        steps: [
          ['download', 'Tap "Download the certificate" above and keep the file.'],
          ['settings', 'Open Settings, search "certificate": Encryption & credentials → Install a certificate → CA certificate.'],
          ['install', 'Tap "Install anyway" and pick the downloaded lastmile-ca.crt (the screen lock may be asked).'],
          ['open', 'Open the https address at the bottom of this page in Chrome.'],
        ],
      },
      {
        id: 'harmony',
        name: 'HarmonyOS',
        steps: [
          ['download', 'Tap "Download the certificate" above and keep the file.'],
          ['settings', 'Open Settings → Security → More settings → Encryption and credentials (or search "certificate").'],
          ['install', 'Choose "Install from storage" → "CA certificate" and pick lastmile-ca.crt.'],
          ['open', 'Open the https address at the bottom of this page in the browser.'],
        ],
      },
      {
        id: 'ios',
        name: 'iPhone / iPad',
        steps: [
          ['download', 'Open this page in Safari, tap "Download the certificate" and "Allow" the profile.'],
          ['install', 'Settings → General → VPN & Device Management: tap "Lastmile local CA" → Install.'],
          ['shield', 'Settings → General → About → Certificate Trust Settings (at the bottom): turn on "Lastmile local CA".'],
          ['open', 'Open the https address at the bottom of this page in Safari.'],
        ],
      },
      {
        id: 'windows',
        name: 'Windows',
        steps: [
          ['download', 'Download, double-click lastmile-ca.crt, choose "Install Certificate".'],
          ['install', 'Current User → "Place all certificates in the following store" → Browse → "Trusted Root Certification Authorities".'],
          ['check', 'Finish; in the security warning check the fingerprint matches this page, then "Yes".'],
          ['open', 'Restart the browser and open the https address.'],
        ],
      },
      {
        id: 'macos',
        name: 'macOS',
        steps: [
          ['download', 'Download, double-click lastmile-ca.crt and add it to the "login" keychain.'],
          ['shield', 'In Keychain Access double-click "Lastmile local CA", open "Trust", set "When using this certificate" to "Always Trust".'],
          ['check', 'Close the window and confirm with your password.'],
          ['open', 'Open the https address in the browser.'],
        ],
      },
    ] as Platform[],
  },
} as const

/** Small line icons, drawn once and referenced by each step. */
const ICONS: Record<Icon, string> = {
  download: '<path d="M12 3v12m-5-5 5 5 5-5M4 19h16"/>',
  settings: '<circle cx="12" cy="12" r="3"/><path d="M12 2v3m0 14v3M2 12h3m14 0h3M4.9 4.9l2.1 2.1m10 10 2.1 2.1M4.9 19.1 7 17m10-10 2.1-2.1"/>',
  install: '<rect x="6" y="2" width="12" height="20" rx="2"/><path d="M9 11l3 3 3-3M12 6v8"/>',
  shield: '<path d="M12 2 4 5v6c0 5 3.5 9 8 11 4.5-2 8-6 8-11V5z"/><path d="m8.5 12 2.5 2.5 4.5-5"/>',
  open: '<path d="M14 3h7v7m0-7L10 14"/><path d="M19 14v6H4V5h6"/>',
  check: '<circle cx="12" cy="12" r="9"/><path d="m8 12 3 3 5-6"/>',
}

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.55 system-ui,-apple-system,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:#1f2937;background:#f3f4f6}
main{max-width:720px;margin:0 auto;padding:16px}
header{display:flex;justify-content:space-between;align-items:baseline;gap:8px}
h1{font-size:1.35rem;margin:.2em 0}
h2{font-size:1.05rem;margin:0}
a{color:#1d4ed8}
.card{background:#fff;border-radius:12px;padding:16px;margin:12px 0;box-shadow:0 1px 2px rgba(0,0,0,.08)}
.qr{display:flex;gap:16px;align-items:center;flex-wrap:wrap}
.qr svg{width:168px;height:168px;flex:none}
.qr a{word-break:break-all;font-weight:600}
.btn{display:flex;align-items:center;justify-content:center;gap:8px;min-height:48px;padding:10px 16px;border-radius:10px;background:#1d4ed8;color:#fff;text-decoration:none;font-weight:600}
.btn svg{width:22px;height:22px}
.fp{font:13px/1.6 ui-monospace,"Noto Sans Mono",monospace;word-break:break-all;background:#f9fafb;border:1px solid #e5e7eb;border-radius:8px;padding:8px;margin:6px 0 0}
details{border-top:1px solid #e5e7eb}
details:first-of-type{border-top:0}
summary{cursor:pointer;padding:12px 0;font-weight:600;min-height:44px}
ol{list-style:none;margin:0 0 12px;padding:0;counter-reset:s}
li{display:flex;gap:12px;align-items:flex-start;padding:6px 0;counter-increment:s}
li .ic{flex:none;width:40px;height:40px;border-radius:50%;background:#eff6ff;color:#1d4ed8;display:flex;align-items:center;justify-content:center;position:relative}
li .ic::after{content:counter(s);position:absolute;right:-4px;top:-4px;background:#1d4ed8;color:#fff;font-size:11px;line-height:16px;width:16px;height:16px;border-radius:50%;text-align:center}
li svg{width:22px;height:22px}
.note{color:#6b7280;font-size:.9rem}
`.trim()

/** The CSP hash of the one inline style block: nothing else may style or script the page. */
export const STYLE_HASH = `sha256-${createHash('sha256').update(STYLE).digest('base64')}`

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}

function icon(name: Icon): string {
  return `<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">${ICONS[name]}</svg>`
}

export function qrSvg(text: string): string {
  const qr = qrcode(0, 'M')
  qr.addData(text)
  qr.make()
  return qr.createSvgTag({ cellSize: 4, margin: 2, scalable: true })
}

export function renderSetupPage(opts: { lang: SetupLang; httpsUrl: string; fingerprint: string }): string {
  const t = TEXT[opts.lang]
  const platforms = t.platforms
    .map(
      (p, i) =>
        `<details id="${p.id}"${i === 0 ? ' open' : ''}><summary>${esc(p.name)}</summary><ol>${p.steps
          .map(([ic, text]) => `<li><span class="ic">${icon(ic)}</span><span>${esc(text)}</span></li>`)
          .join('')}</ol></details>`,
    )
    .join('')
  return `<!doctype html>
<html lang="${opts.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(t.title)} · Lastmile</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<header><h1>${esc(t.title)}</h1><a href="${t.otherHref}" lang="${opts.lang === 'en' ? 'zh-CN' : 'en'}">${t.other}</a></header>
<p>${esc(t.intro)}</p>
<section class="card">
<a class="btn" href="/lastmile-ca.crt" download="lastmile-ca.crt" data-testid="ca-download">${icon('download')}${esc(t.download)}</a>
<p class="note">${esc(t.fingerprint)}</p>
<p class="fp" data-testid="fingerprint">${esc(opts.fingerprint)}</p>
</section>
<section class="card">
<h2>${esc(t.choose)}</h2>
${platforms}
</section>
<section class="card qr">
<div role="img" aria-label="${esc(opts.httpsUrl)}" data-testid="https-qr">${qrSvg(opts.httpsUrl)}</div>
<div><p>${esc(t.scan)}</p><a href="${esc(opts.httpsUrl)}" data-testid="https-url">${esc(opts.httpsUrl)}</a></div>
</section>
<p class="note">${esc(t.caution)}</p>
</main>
</body>
</html>
`
}
