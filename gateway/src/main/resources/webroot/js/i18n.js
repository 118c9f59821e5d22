// Words, numbers and times in the reader's language. Danish is the default; the choice is
// remembered in localStorage. Times are always shown in Danish time (Europe/Copenhagen),
// whatever the computer's own zone, so a nurse and a doctor read the same clock.

const ZONE = 'Europe/Copenhagen';
const STORAGE_KEY = 'telemed.lang';

const DICT = {
  da: {
    'app.title': 'Telemed',
    'skip': 'Spring til indhold',
    'loading': 'Indlæser …',
    'nav.main': 'Hovedmenu',
    'nav.triage': 'Patienter',
    'nav.overview': 'Teamoverblik',
    'nav.logout': 'Log ud',
    'nav.language': 'Sprog',
    'nav.signedInAs': 'Logget ind som {user} ({role})',
    'role.nurse': 'sygeplejerske', 'role.clinician': 'læge', 'role.admin': 'administrator',

    'login.title': 'Log ind',
    'login.intro': 'Log ind med din brugerkonto for at se dine teams patienter.',
    'login.username': 'Brugernavn',
    'login.password': 'Adgangskode',
    'login.submit': 'Log ind',
    'login.failed': 'Brugernavn eller adgangskode er forkert. Prøv igen.',
    'login.slowed': 'For mange forkerte forsøg. Vent {seconds} sekunder, før du prøver igen.',
    'login.slowed1': 'For mange forkerte forsøg. Vent 1 sekund, før du prøver igen.',
    'login.slowedNoTime': 'For mange forkerte forsøg. Vent lidt, før du prøver igen.',
    'login.missing': 'Udfyld både brugernavn og adgangskode.',
    'login.error': 'Log ind mislykkedes: {message}',

    'error.network': 'Ingen forbindelse til serveren. Prøver igen om lidt …',
    'error.unavailable': 'Patientdata er ikke tilgængelige lige nu (serveren starter, eller databasen svarer ikke). Prøver igen om lidt …',
    'error.server': 'Serveren svarede med en fejl ({status}). Prøv igen, og kontakt support, hvis det fortsætter.',
    'error.noAccess': 'Ingen adgang',
    'error.noAccessText': 'Du har ikke adgang til denne patient. Patienten hører ikke til dine teams. Forsøget er registreret.',
    'error.notFound': 'Ukendt patient',
    'error.notFoundText': 'Der findes ingen patient med dette id i dine teams.',
    'error.adminNoPatients': 'Administratorer har ikke adgang til patientdata.',
    'error.back': 'Tilbage til patientlisten',

    'triage.title': 'Patienter',
    'triage.summary': '{total} patienter: {red} røde, {yellow} gule, {blue} blå, {green} grønne',
    'triage.empty': 'Ingen patienter i dine teams.',
    'triage.sound': 'Lyd ved ny rød alarm',
    'triage.live': 'Live-opdatering',
    'triage.liveOn': 'forbundet',
    'triage.liveOff': 'afbrudt – prøver igen',
    'triage.updated': 'Opdateret {time}',
    'triage.noAlerts': 'Ingen åbne alarmer',
    'triage.noReadings': 'Ingen målinger endnu',
    'triage.sparkline': '{type}, sidste 14 dage',
    'triage.teams': 'Teams: {teams}',
    'triage.colPatient': 'Patient',
    'triage.colAlerts': 'Alarmer',
    'triage.colLatest': 'Seneste målinger',
    'triage.colTrend': '14 dage',

    'status.red': 'Rød', 'status.yellow': 'Gul', 'status.blue': 'Blå', 'status.green': 'Grøn',
    'status.red.long': 'Rød – kræver handling nu',
    'status.yellow.long': 'Gul – kræver opmærksomhed',
    'status.blue.long': 'Blå – mangler målinger',
    'status.green.long': 'Grøn – ingen alarmer',

    'state.raised': 'åben', 'state.escalated': 'eskaleret', 'state.acknowledged': 'kvitteret',
    'state.resolved': 'afsluttet', 'state.open': 'åben',

    'why.below': '{type} {value} under {threshold}',
    'why.above': '{type} {value} over {threshold}',
    'why.device_lo': '{type} under målerens område (LO)',
    'why.device_hi': '{type} over målerens område (HI)',
    'why.ctx.baseline': 'faldet fra personlig bedste',
    'why.ctx.gain_3d': 'stigning på 3 dage',
    'why.ctx.loss_3d': 'fald på 3 dage',
    'why.ctx.loss_30d': 'fald på 30 dage',
    'why.missing': '{type}: planlagt måling mangler',
    'why.battery': 'Batteri lavt på måleudstyr',

    'alert.raisedAgo': 'rejst {ago}',
    'alert.measuredAgo': 'målt {ago}',
    'alert.latest': 'seneste: {value}, målt {ago}',
    'alert.lateTimes': 'målt {measured}, modtaget {received}',
    'alert.resolvedBy': 'løst af {value}, målt {time}',
    'alert.ackedBy': 'Kvitteret af {user} {time}',
    'alert.ack': 'Kvittér',
    'alert.ackFor': 'Kvittér alarm: {why}',
    'ack.title': 'Kvittér alarm',
    'ack.note': 'Note (valgfri)',
    'ack.noteHint': 'Fx hvad du har gjort, eller hvem du har talt med.',
    'ack.submit': 'Kvittér alarm',
    'ack.cancel': 'Annullér',
    'ack.done': 'Alarmen er kvitteret.',
    'ack.conflict': 'Alarmen er allerede kvitteret af en anden, eller den er afsluttet. Listen er opdateret.',
    'ack.failed': 'Alarmen kunne ikke kvitteres: {message}',

    'live.newRed': 'Ny rød alarm for {patient}: {why}',

    'time.now': 'lige nu',
    'time.min': 'for {n} min siden',
    'time.hour': 'for {n} t siden',
    'time.day': 'for {n} dage siden',
    'time.day1': 'for 1 dag siden',
    'time.future': 'om {n} min',

    'patient.back': '← Alle patienter',
    'patient.team': 'Team',
    'patient.conditions': 'Diagnoser',
    'patient.devices': 'Måleudstyr',
    'patient.status': 'Status',
    'patient.openAlerts': 'Åbne alarmer',
    'patient.charts': 'Målinger',
    'patient.period': 'Periode',
    'patient.days': '{n} dage',
    'patient.noPoints': 'Ingen målinger i perioden.',
    'patient.noPointsFor': 'Ingen målinger eller plan i perioden for:',
    'patient.treatment': 'Behandling',
    'treatment.insulin': 'Insulin', 'treatment.sulfonylurea': 'Sulfonylurinstof', 'treatment.diet': 'Kost',
    'treatment.other': 'Anden behandling',
    'patient.approval': 'Standardgrænser',
    'patient.approvedBy': 'godkendt af {by} {on}',
    'patient.notApproved': 'ikke godkendt – afventer klinisk gennemgang',
    'patient.ownLevel': 'Eget niveau, {type}',
    'statistic.median': 'median af {days} dage', 'statistic.max': 'højeste af {days} dage',
    'statistic.percentile': '{p}. percentil af {days} dage',
    'side.below': 'under', 'side.above': 'over',
    'patient.ownYellow': 'gul ved {n} {side}', 'patient.ownRed': 'rød ved {n} {side}',
    'patient.suggestLimits': 'Borgerens eget niveau for {type} ({level}) ligger ud over den røde grænse ({red}): overvej individuelle grænser. Det er den behandlende læges beslutning.',
    'patient.history': 'Alarmhistorik',
    'symptoms.title': 'Symptomer (patientens svar)',
    'symptoms.none': 'Ingen svar i perioden.',
    'symptoms.cat': 'CAT-score (0-40)',
    'symptoms.catLabel': 'CAT-score over {n} dage',
    'symptoms.answers': 'Svar',
    'symptoms.when': 'Besvaret',
    'symptoms.questionnaire': 'Spørgeskema',
    'symptoms.result': 'Vurdering',
    'symptoms.why': 'Hvorfor',
    'symptoms.yes': 'ja', 'symptoms.no': 'nej',
    'symptoms.marks': 'Daglige svar',
    'patient.historyEmpty': 'Ingen alarmer.',
    'patient.chartLabel': '{type} over {n} dage ({unit})',
    'condition.copd': 'KOL', 'condition.diabetes': 'Diabetes',

    'legend.title': 'Signaturforklaring',
    'legend.red': 'Rødt område',
    'legend.yellow': 'Gult område',
    'legend.below': 'under {v}',
    'legend.above': 'over {v}',
    'legend.or': ' eller ',
    'legend.none': 'ingen grænser',
    'legend.baseline': 'Personlig bedste: {v}',
    'legend.passive': 'Monitorering sat på pause',
    'legend.alert': 'Alarm',
    'legend.own': 'Patientens egne grænser (ikke standard)',
    'legend.bestYellow': 'gul under {p} % = {v}',
    'legend.bestRed': 'rød under {p} % = {v}',

    'hist.raised': 'Rejst', 'hist.type': 'Måling', 'hist.severity': 'Niveau', 'hist.why': 'Årsag',
    'hist.state': 'Tilstand', 'hist.ackBy': 'Kvitteret af', 'hist.ackAt': 'Kvitteret', 'hist.note': 'Note',
    'hist.resolved': 'Afsluttet',

    'settings.title': 'Indstillinger (kun læger)',
    'settings.thresholds': 'Grænser',
    'settings.thresholdsIntro': 'Tomme felter bruger standardgrænsen. Værdier i målingens enhed.',
    'settings.redBelow': 'Rød under', 'settings.yellowBelow': 'Gul under',
    'settings.yellowAbove': 'Gul over', 'settings.redAbove': 'Rød over',
    'settings.save': 'Gem',
    'settings.saved': 'Gemt.',
    'settings.failed': 'Kunne ikke gemmes: {message}',
    'settings.plan': 'Måleplan',
    'settings.planIntro': 'Hvor ofte patienten skal måle. Fx P1D (hver dag), PT12H (hver 12. time), P3D; tomt = standard; "none" = ingen plan.',
    'settings.every': '{type}: mindst én måling hver',
    'settings.passive': 'Pause i monitoreringen',
    'settings.passiveIntro': 'I en pause giver manglende målinger ingen alarm (fx ved indlæggelse). Begge dage er med.',
    'settings.from': 'Fra', 'settings.to': 'Til', 'settings.reason': 'Årsag',
    'settings.add': 'Tilføj pause',
    'settings.remove': 'Fjern',
    'settings.noPassive': 'Ingen pauser.',

    'overview.title': 'Teamoverblik',
    'overview.team': 'Team',
    'overview.allTeams': 'Alle mine teams',
    'overview.open': 'Åbne alarmer',
    'overview.openUnit': 'antal alarmer, kvitterede medregnet',
    'overview.median': 'Median tid fra alarm til kvittering (denne uge)',
    'overview.medianNone': 'ingen kvitterede alarmer endnu',
    'overview.planned': 'Målinger som planlagt',
    'overview.medianMeaning': '({n} kvitteret siden mandag)',
    'overview.plannedMeaning': 'af patienterne med en måleplan har målt som planlagt denne uge ({n} af {of})',
    'overview.perWeek': 'Alarmer pr. patient-uge',
    'overview.perWeekMeaning': 'alarmer pr. patient pr. uge (alarmer de sidste {days} dage: {raised}; patienter: {patients})',
    'overview.patients': '{n} patienter',
    'overview.noAccess': 'Teamoverblikket er ikke tilgængeligt for din rolle.',
  },
  en: {
    'app.title': 'Telemed',
    'skip': 'Skip to content',
    'loading': 'Loading …',
    'nav.main': 'Main menu',
    'nav.triage': 'Patients',
    'nav.overview': 'Team overview',
    'nav.logout': 'Sign out',
    'nav.language': 'Language',
    'nav.signedInAs': 'Signed in as {user} ({role})',
    'role.nurse': 'nurse', 'role.clinician': 'clinician', 'role.admin': 'administrator',

    'login.title': 'Sign in',
    'login.intro': 'Sign in with your user account to see your teams\' patients.',
    'login.username': 'Username',
    'login.password': 'Password',
    'login.submit': 'Sign in',
    'login.failed': 'Wrong username or password. Please try again.',
    'login.slowed': 'Too many failed attempts. Wait {seconds} seconds before trying again.',
    'login.slowed1': 'Too many failed attempts. Wait 1 second before trying again.',
    'login.slowedNoTime': 'Too many failed attempts. Wait a little before trying again.',
    'login.missing': 'Enter both username and password.',
    'login.error': 'Sign-in failed: {message}',

    'error.network': 'No connection to the server. Retrying shortly …',
    'error.unavailable': 'Patient data is not available right now (the server is starting, or the database does not answer). Retrying shortly …',
    'error.server': 'The server answered with an error ({status}). Try again, and contact support if it persists.',
    'error.noAccess': 'No access',
    'error.noAccessText': 'You do not have access to this patient: the patient is not in your care teams. The attempt has been recorded.',
    'error.notFound': 'Unknown patient',
    'error.notFoundText': 'There is no patient with this id in your care teams.',
    'error.adminNoPatients': 'Administrators have no access to patient data.',
    'error.back': 'Back to the patient list',

    'triage.title': 'Patients',
    'triage.summary': '{total} patients: {red} red, {yellow} yellow, {blue} blue, {green} green',
    'triage.empty': 'No patients in your care teams.',
    'triage.sound': 'Sound on new red alert',
    'triage.live': 'Live updates',
    'triage.liveOn': 'connected',
    'triage.liveOff': 'disconnected – retrying',
    'triage.updated': 'Updated {time}',
    'triage.noAlerts': 'No open alerts',
    'triage.noReadings': 'No readings yet',
    'triage.sparkline': '{type}, last 14 days',
    'triage.teams': 'Teams: {teams}',
    'triage.colPatient': 'Patient',
    'triage.colAlerts': 'Alerts',
    'triage.colLatest': 'Latest readings',
    'triage.colTrend': '14 days',

    'status.red': 'Red', 'status.yellow': 'Yellow', 'status.blue': 'Blue', 'status.green': 'Green',
    'status.red.long': 'Red – act now',
    'status.yellow.long': 'Yellow – needs attention',
    'status.blue.long': 'Blue – readings missing',
    'status.green.long': 'Green – no alerts',

    'state.raised': 'open', 'state.escalated': 'escalated', 'state.acknowledged': 'acknowledged',
    'state.resolved': 'resolved', 'state.open': 'open',

    'why.below': '{type} {value} below {threshold}',
    'why.above': '{type} {value} above {threshold}',
    'why.device_lo': '{type} below the meter\'s range (LO)',
    'why.device_hi': '{type} above the meter\'s range (HI)',
    'why.ctx.baseline': 'fall from personal best',
    'why.ctx.gain_3d': 'gain within 3 days',
    'why.ctx.loss_3d': 'loss within 3 days',
    'why.ctx.loss_30d': 'loss within 30 days',
    'why.missing': '{type}: planned reading missing',
    'why.battery': 'Device battery low',

    'alert.raisedAgo': 'raised {ago}',
    'alert.measuredAgo': 'measured {ago}',
    'alert.latest': 'latest: {value}, measured {ago}',
    'alert.lateTimes': 'measured {measured}, received {received}',
    'alert.resolvedBy': 'resolved by {value}, measured {time}',
    'alert.ackedBy': 'Acknowledged by {user} {time}',
    'alert.ack': 'Acknowledge',
    'alert.ackFor': 'Acknowledge alert: {why}',
    'ack.title': 'Acknowledge alert',
    'ack.note': 'Note (optional)',
    'ack.noteHint': 'E.g. what you did, or whom you spoke to.',
    'ack.submit': 'Acknowledge alert',
    'ack.cancel': 'Cancel',
    'ack.done': 'The alert is acknowledged.',
    'ack.conflict': 'Someone else has already acknowledged the alert, or it has resolved. The list is updated.',
    'ack.failed': 'The alert could not be acknowledged: {message}',

    'live.newRed': 'New red alert for {patient}: {why}',

    'time.now': 'just now',
    'time.min': '{n} min ago',
    'time.hour': '{n} h ago',
    'time.day': '{n} days ago',
    'time.day1': '1 day ago',
    'time.future': 'in {n} min',

    'patient.back': '← All patients',
    'patient.team': 'Team',
    'patient.conditions': 'Conditions',
    'patient.devices': 'Devices',
    'patient.status': 'Status',
    'patient.openAlerts': 'Open alerts',
    'patient.charts': 'Readings',
    'patient.period': 'Period',
    'patient.days': '{n} days',
    'patient.noPoints': 'No readings in this period.',
    'patient.noPointsFor': 'No readings or plan in this period for:',
    'patient.treatment': 'Treatment',
    'treatment.insulin': 'Insulin', 'treatment.sulfonylurea': 'Sulfonylurea', 'treatment.diet': 'Diet',
    'treatment.other': 'Other treatment',
    'patient.approval': 'Standard limits',
    'patient.approvedBy': 'approved by {by} on {on}',
    'patient.notApproved': 'not approved – awaiting clinical review',
    'patient.ownLevel': 'Own level, {type}',
    'statistic.median': 'median of {days} days', 'statistic.max': 'highest of {days} days',
    'statistic.percentile': '{p}th percentile of {days} days',
    'side.below': 'below', 'side.above': 'above',
    'patient.ownYellow': 'yellow at {n} {side}', 'patient.ownRed': 'red at {n} {side}',
    'patient.suggestLimits': 'The patient\'s own level of {type} ({level}) lies beyond the red limit ({red}): consider individual limits. That is the treating doctor\'s decision.',
    'patient.history': 'Alert history',
    'symptoms.title': 'Symptoms (the patient\'s answers)',
    'symptoms.none': 'No answers in this period.',
    'symptoms.cat': 'CAT score (0-40)',
    'symptoms.catLabel': 'CAT score over {n} days',
    'symptoms.answers': 'Answers',
    'symptoms.when': 'Answered',
    'symptoms.questionnaire': 'Questionnaire',
    'symptoms.result': 'Result',
    'symptoms.why': 'Why',
    'symptoms.yes': 'yes', 'symptoms.no': 'no',
    'symptoms.marks': 'Daily answers',
    'patient.historyEmpty': 'No alerts.',
    'patient.chartLabel': '{type} over {n} days ({unit})',
    'condition.copd': 'COPD', 'condition.diabetes': 'Diabetes',

    'legend.title': 'Legend',
    'legend.red': 'Red band',
    'legend.yellow': 'Yellow band',
    'legend.below': 'below {v}',
    'legend.above': 'above {v}',
    'legend.or': ' or ',
    'legend.none': 'no limits',
    'legend.baseline': 'Personal best: {v}',
    'legend.passive': 'Monitoring paused',
    'legend.alert': 'Alert',
    'legend.own': 'The patient\'s own limits (not the defaults)',
    'legend.bestYellow': 'yellow below {p} % = {v}',
    'legend.bestRed': 'red below {p} % = {v}',

    'hist.raised': 'Raised', 'hist.type': 'Reading', 'hist.severity': 'Level', 'hist.why': 'Why',
    'hist.state': 'State', 'hist.ackBy': 'Acknowledged by', 'hist.ackAt': 'Acknowledged', 'hist.note': 'Note',
    'hist.resolved': 'Resolved',

    'settings.title': 'Settings (clinicians only)',
    'settings.thresholds': 'Limits',
    'settings.thresholdsIntro': 'Empty fields use the default limit. Values in the reading\'s unit.',
    'settings.redBelow': 'Red below', 'settings.yellowBelow': 'Yellow below',
    'settings.yellowAbove': 'Yellow above', 'settings.redAbove': 'Red above',
    'settings.save': 'Save',
    'settings.saved': 'Saved.',
    'settings.failed': 'Could not be saved: {message}',
    'settings.plan': 'Measurement plan',
    'settings.planIntro': 'How often the patient measures. E.g. P1D (daily), PT12H (every 12 hours), P3D; empty = default; "none" = no plan.',
    'settings.every': '{type}: at least one reading every',
    'settings.passive': 'Pause monitoring',
    'settings.passiveIntro': 'During a pause, missing readings raise no alert (e.g. while in hospital). Both days included.',
    'settings.from': 'From', 'settings.to': 'To', 'settings.reason': 'Reason',
    'settings.add': 'Add pause',
    'settings.remove': 'Remove',
    'settings.noPassive': 'No pauses.',

    'overview.title': 'Team overview',
    'overview.team': 'Team',
    'overview.allTeams': 'All my teams',
    'overview.open': 'Open alerts',
    'overview.openUnit': 'number of alerts, acknowledged ones included',
    'overview.median': 'Median time from alert to acknowledgement (this week)',
    'overview.medianNone': 'no acknowledged alerts yet',
    'overview.planned': 'Readings as planned',
    'overview.medianMeaning': '({n} acknowledged since Monday)',
    'overview.plannedMeaning': 'of the patients with a measurement plan measured as planned this week ({n} of {of})',
    'overview.perWeek': 'Alerts per patient-week',
    'overview.perWeekMeaning': 'alerts per patient per week (alerts in the last {days} days: {raised}; patients: {patients})',
    'overview.patients': '{n} patients',
    'overview.noAccess': 'The team overview is not available for your role.',
  },
};

const TYPES = {
  da: {
    spo2: 'Iltmætning', pulse: 'Puls', resp_rate: 'Respirationsfrekvens', weight: 'Vægt', fev1: 'FEV1', fvc: 'FVC',
    pef: 'PEF', glucose: 'Blodsukker', ketones: 'Ketoner', temperature: 'Temperatur', bp_sys: 'Systolisk blodtryk',
    bp_dia: 'Diastolisk blodtryk', device: 'Måleudstyr', symptoms: 'Symptomer',
  },
  en: {
    spo2: 'SpO2', pulse: 'Pulse', resp_rate: 'Respiratory rate', weight: 'Weight', fev1: 'FEV1', fvc: 'FVC',
    pef: 'Peak flow (PEF)', glucose: 'Blood glucose', ketones: 'Blood ketones', temperature: 'Temperature',
    bp_sys: 'Systolic blood pressure', bp_dia: 'Diastolic blood pressure', device: 'Device', symptoms: 'Symptoms',
  },
};

/** The canonical UCUM units as people write them. */
const UNIT_TEXT = { 'Cel': '°C', 'mm[Hg]': 'mmHg' };

/** Decimals a unit is read with, so a limit of 3 mmol/L reads "3,0 mmol/L" like the meter shows it. */
const DECIMALS = { 'mmol/L': 1, 'Cel': 1, 'kg': 1, 'L': 2 };

let current = readStored();
const listeners = [];

function readStored() {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return v === 'en' || v === 'da' ? v : 'da';
  } catch {
    return 'da';
  }
}

export function lang() {
  return current;
}

export function setLang(value) {
  current = value === 'en' ? 'en' : 'da';
  try {
    localStorage.setItem(STORAGE_KEY, current);
  } catch {
    // A browser that refuses storage still switches language for this visit.
  }
  document.documentElement.lang = current;
  listeners.forEach((f) => f(current));
}

export function onLangChange(f) {
  listeners.push(f);
}

export function t(key, vars = {}) {
  const text = DICT[current][key] ?? DICT.da[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
}

export function typeName(type) {
  return TYPES[current][type] ?? type;
}

export function unitText(unit) {
  return UNIT_TEXT[unit] ?? unit ?? '';
}

function locale() {
  return current === 'da' ? 'da-DK' : 'en-GB';
}

/** A number in the reader's convention (2,6 in Danish), without float noise. */
export function num(value, maxFractionDigits = 2) {
  if (value === null || value === undefined || Number.isNaN(Number(value))) return '–';
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: maxFractionDigits }).format(Number(value));
}

/** A value and its unit, as a nurse reads it: "2,6 mmol/L", "91 %", "37,8 °C". */
export function quantity(value, unit) {
  if (value === null || value === undefined) return '–';
  const u = unitText(unit);
  const digits = DECIMALS[unit] ?? 0;
  const text = new Intl.NumberFormat(locale(), { minimumFractionDigits: digits, maximumFractionDigits: Math.max(digits, 2) })
    .format(Number(value));
  return u ? `${text} ${u}` : text;
}

export function percent(fraction) {
  if (fraction === null || fraction === undefined) return '–';
  return new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 0 }).format(fraction);
}

const formatters = new Map();
function formatter(kind) {
  const key = `${current}:${kind}`;
  if (!formatters.has(key)) {
    const opts = {
      dateTime: { dateStyle: 'short', timeStyle: 'short' },
      date: { day: 'numeric', month: 'short' },
      time: { hour: '2-digit', minute: '2-digit' },
    }[kind];
    formatters.set(key, new Intl.DateTimeFormat(locale(), { ...opts, timeZone: ZONE }));
  }
  return formatters.get(key);
}

export function dateTime(ts) {
  return ts ? formatter('dateTime').format(new Date(ts)) : '–';
}

export function shortDate(ts) {
  return formatter('date').format(new Date(ts));
}

export function clock(ts) {
  return formatter('time').format(new Date(ts));
}

/** How long ago, coarsely: "for 12 min siden", "for 3 t siden", "for 2 dage siden". */
export function ago(ts, now = Date.now()) {
  const minutes = Math.round((now - new Date(ts).getTime()) / 60000);
  if (minutes < -1) return t('time.future', { n: -minutes });
  if (minutes < 1) return t('time.now');
  if (minutes < 60) return t('time.min', { n: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return t('time.hour', { n: hours });
  const days = Math.floor(hours / 24);
  return days === 1 ? t('time.day1') : t('time.day', { n: days });
}

/** A calendar date (YYYY-MM-DD) in Danish time, for date inputs. */
export function isoDate(ts) {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(new Date(ts));
  return parts;
}
