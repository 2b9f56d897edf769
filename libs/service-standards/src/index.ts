/**
 * The service standards (SOPs) of the offices as versioned data, the offices with their time
 * zones, and the clocks the standards set.
 *
 * - Standards: `seedStandards` (seed 000 `banten-rehsos-anak-terlantar` v1, seed 004
 *   `bekasi-layanan-rujukan` v1), `defineServiceStandard` (validates and freezes a new version),
 *   types `ServiceStandard`, `ProcedureStep`, `StepAlternative`, `Requirement`, `TimeLimit`,
 *   `ComplaintSla`, `SeedText`, and the policies `RecommendationPolicy`, `TracingPolicy`,
 *   `PlacementPolicy` (institution review interval, days at risk before a stay's limit).
 * - Which office runs what: `ServiceStandardCatalogue` (`get(ref)`, `versionInForce(code, date)`,
 *   `standardsOfOffice`, `standardInForce`, `pinAtIntake`, `dueDate`, `lks`), the default
 *   `serviceStandards`, `bantenAssignments`.
 * - Procedure: `procedureProgress(standard, eventTypes)`, `stepsPerformedBy`.
 * - Offices: `bantenOffices` (`36`, `3601`–`3604`, `3671`–`3674`), `OfficeDirectory`
 *   (`localDate`, `caseNumberYear`, `formatInstant`), `bantenOfficeDirectory`.
 * - LKS: `LksRegistry` (`of(officeCode)`, `find(officeCode, lksCode)`), type `RegisteredLks`,
 *   `InvalidLksRegistryError`, and `bantenLksRegistry` (illustrative demo data, two per Banten
 *   office, for each office to replace with its own registry).
 * - Complaint contacts: `ComplaintContactRegistry` (`of(officeCode)`, `on(officeCode, channel)`),
 *   type `ComplaintContact`, `InvalidComplaintContactsError`, `bantenComplaintContacts` (the
 *   province's real ones from seed 000, the regencies' illustrative); the catalogue's
 *   `complaintContacts`.
 * - Time: `indonesianTimeZones` (WIB/WITA/WIT as fixed offsets), `localDateAt`,
 *   `localDateTimeAt`, `formatInstantInZone`, `startOfLocalDay`, `endOfLocalDay`, `addDays`,
 *   `addMonths`, `dayOfWeek`.
 * - Clocks: `dueDateOf(limit, startedAt, { timeZone })`, `evaluateClock`, `WorkingCalendar`,
 *   `nationalHolidays2026` (must be maintained yearly), `sp4nLaporComplaintSla`, `complaintSlaOf`.
 */
export {
  defineServiceStandard,
  InvalidServiceStandardError,
  ServiceStandardSchema,
  timeLimitUnits,
  documentKinds,
} from './standards/service-standard';
export type {
  ServiceStandard,
  ServiceStandardInput,
  ProcedureStep,
  StepAlternative,
  Requirement,
  TimeLimit,
  TimeLimitUnit,
  ComplaintSla,
  ComplaintChannelEntry,
  DocumentKind,
  SeedText,
  RecommendationPolicy,
  TracingPolicy,
  PlacementPolicy,
} from './standards/service-standard';
export { bantenRehabilitasiAnakTerlantarV1 } from './standards/banten-rehsos-anak-terlantar.v1';
export { bekasiLayananRujukanV1 } from './standards/bekasi-layanan-rujukan.v1';
export {
  ServiceStandardCatalogue,
  serviceStandards,
  seedStandards,
  bantenAssignments,
  UnknownServiceStandardError,
  NoStandardInForceError,
  AmbiguousStandardError,
} from './standards/catalogue';
export type {
  StandardAssignment,
  PinnedStandard,
  ServiceStandardCatalogueOptions,
} from './standards/catalogue';
export { procedureProgress, stepsPerformedBy } from './standards/procedure';
export type { ProcedureProgress } from './standards/procedure';

export {
  bantenOffices,
  bantenOfficeDirectory,
  OfficeDirectory,
  UnknownOfficeError,
} from './offices/offices';
export type { Office } from './offices/offices';
export { LksRegistry, bantenLksRegistry, InvalidLksRegistryError } from './offices/lks-registry';
export type { RegisteredLks } from './offices/lks-registry';
export {
  ComplaintContactRegistry,
  bantenComplaintContacts,
  InvalidComplaintContactsError,
} from './offices/complaint-contacts';
export type { ComplaintContact } from './offices/complaint-contacts';
export {
  indonesianTimeZones,
  isIndonesianTimeZone,
  offsetText,
  localDateAt,
  localDateTimeAt,
  formatInstantInZone,
  startOfLocalDay,
  endOfLocalDay,
  addDays,
  addMonths,
  dayOfWeek,
  isLocalDate,
} from './offices/time-zones';
export type {
  IndonesianTimeZone,
  TimeZoneAbbreviation,
  LocalDate,
  LocalDateTime,
  Instant,
} from './offices/time-zones';

export { WorkingCalendar } from './calendar/working-calendar';
export type { WorkingDaysResult } from './calendar/working-calendar';
export { nationalHolidays2026, nationalHolidayLists } from './calendar/holidays';
export type { Holiday, HolidayList } from './calendar/holidays';
export { dueDateOf, evaluateClock } from './time-limits/due-date';
export type { DueDate, DueDateContext, ClockState, ClockEvent } from './time-limits/due-date';
export { sp4nLaporComplaintSla, complaintSlaOf } from './time-limits/complaint-sla';
export { slaStateOf, atRiskShare } from './time-limits/sla-state';
export type { SlaState, SlaClock } from './time-limits/sla-state';
