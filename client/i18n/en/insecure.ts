// The notice shown when the app is opened over plain http on a network address (not a secure context).
export default {
  insecure: {
    title: 'This connection is not secure (http): these will not work',
    lost: {
      location: 'location',
      camera: 'camera photos',
      offline: 'offline use',
      install: 'add to home screen',
    },
    setup: 'Open the setup page on this phone, install your office’s certificate (once per phone), then use the https address:',
    setupLink: 'Open the setup page',
    httpsLink: 'Open the https address',
    noHttps:
      'This server does not serve HTTPS. Ask the administrator to start it with "HTTPS=local npm start" (README: phones), then open the setup page on the phone:',
  },
}
