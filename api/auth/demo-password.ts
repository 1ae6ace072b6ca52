// The published demo password, below both the demo seed (which gives it to the demo accounts) and the
// sign-in and password rules (which refuse it outside demo mode and for every new password).
export const DEMO_PASSWORD = 'lastmile-demo'
