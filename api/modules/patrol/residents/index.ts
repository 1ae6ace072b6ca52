// Residents' reports: what the module descriptor (../index.ts) and the monthly brief import from it.
export { residentsRouter } from './routes.ts'
export { residentReportsRetention } from './retention.ts'
export { residentReportMonthFigures } from './figures.ts'
export { seedResidentReports } from './seed.ts'
