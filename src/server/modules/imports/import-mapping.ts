import { readFileSync } from 'node:fs';
import type { ImportField, ImportMapping } from '@/contracts/imports';
import { projectPath } from '@/server/platform/paths';

/** Header text → comparable key: lower case, umlauts and ß spelled out, only letters and digits. */
export function headerKey(header: string): string {
  return header
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]/g, '');
}

/** German and English column names people and programs use, by field (compared as headerKey). */
const SYNONYMS: Record<ImportField, string[]> = {
  externalId: [
    'mitgliedsnr',
    'mitgliedsnummer',
    'mitgliedernummer',
    'mitgliedsnrextern',
    'membernumber',
    'memberno',
    'memberid',
    'membershipid',
    'contactid',
    'externalidentifier',
    'externalid',
    'lfdnr',
    'id',
    'nummer',
  ],
  salutation: ['anrede', 'salutation', 'individualprefix', 'anredeherrnfrau', 'briefanrede'],
  title: ['titel', 'title', 'akademischertitel', 'akademischergrad', 'formaltitle', 'grad'],
  firstName: ['vorname', 'vornamen', 'rufname', 'firstname', 'givenname', 'forename'],
  lastName: ['nachname', 'familienname', 'name', 'zuname', 'lastname', 'surname', 'familyname'],
  nameAffix: [
    'namenszusatz',
    'praefix',
    'namenspraefix',
    'adelspraedikat',
    'individualsuffix',
    'suffix',
    'nameaffix',
  ],
  birthdate: [
    'geburtsdatum',
    'geburtstag',
    'geboren',
    'gebdatum',
    'gebam',
    'birthdate',
    'birthday',
    'dateofbirth',
    'dob',
  ],
  gender: ['geschlecht', 'gender', 'sex'],
  street: [
    'strasse',
    'str',
    'strassehausnummer',
    'strasseundhausnummer',
    'strassenr',
    'anschrift',
    'adresse',
    'street',
    'streetaddress',
    'address',
    'address1',
    'addressline1',
    'strassepostfach',
  ],
  houseNumber: ['hausnummer', 'hausnr', 'housenumber', 'streetnumber', 'hnr'],
  addressExtra: [
    'adresszusatz',
    'zusatz',
    'adressierungszusatz',
    'zusaetzlicheadresszeile',
    'addresscareof',
    'careof',
    'co',
    'supplementaladdress1',
    'addressline2',
    'address2',
  ],
  postcode: ['plz', 'postleitzahl', 'postcode', 'postalcode', 'zip', 'zipcode'],
  city: ['ort', 'wohnort', 'stadt', 'gemeinde', 'city', 'town', 'locality'],
  country: ['land', 'staat', 'country', 'laendercode', 'countrycode'],
  email: [
    'email',
    'emailadresse',
    'mail',
    'hauptemail',
    'email1',
    'emailprivat',
    'emailaddress',
    'primaryemail',
  ],
  phoneAreaCode: ['vorwahl', 'telefonvorwahl', 'areacode'],
  phone: [
    'telefon',
    'tel',
    'telefonnummer',
    'telefonprivat',
    'festnetz',
    'phone',
    'phonenumber',
    'telephone',
    'rufnummer',
  ],
  mobile: ['handy', 'mobil', 'mobiltelefon', 'mobilnummer', 'mobile', 'mobilephone', 'cell', 'cellphone'],
  entryDate: [
    'eintritt',
    'eintrittsdatum',
    'mitgliedseit',
    'aufnahme',
    'aufnahmedatum',
    'entrydate',
    'joindate',
    'joined',
    'membersince',
    'membershipstartdate',
    'startdate',
  ],
  status: ['status', 'mitgliedsstatus', 'membershipstatus', 'memberstatus'],
  unitCode: ['gliederung', 'gliederungscode', 'verband', 'unit', 'unitcode', 'ortsverband', 'kreisverband'],
  iban: ['iban', 'kontoiban'],
  bic: ['bic', 'swift', 'bicswiftcode', 'swiftcode'],
  accountHolder: ['kontoinhaber', 'kontoinhaberin', 'accountholder', 'ktoiname'],
  notes: [
    'bemerkung',
    'bemerkungen',
    'notiz',
    'notizen',
    'anmerkung',
    'kommentar',
    'notes',
    'note',
    'comment',
    'vermerk1',
  ],
};

const synonymIndex = new Map<string, ImportField>();
for (const [field, names] of Object.entries(SYNONYMS) as [ImportField, string[]][]) {
  for (const name of names) synonymIndex.set(name, field);
}

/**
 * Column names of known export formats that the synonyms would get wrong or miss (headerKey →
 * field). Header lists come from reference-data/import/member-export-formats.json.
 */
const FORMAT_COLUMNS: Record<string, Record<string, ImportField | null>> = {
  civicrm: {
    contactid: 'externalId',
    firstname: 'firstName',
    lastname: 'lastName',
    individualprefix: 'salutation',
    formaltitle: 'title',
    individualsuffix: 'nameAffix',
    birthdate: 'birthdate',
    gender: 'gender',
    streetaddress: 'street',
    supplementaladdress1: 'addressExtra',
    postalcode: 'postcode',
    city: 'city',
    country: 'country',
    email: 'email',
    phone: 'phone',
    membersince: 'entryDate',
    membershipstatus: 'status',
    sortname: null,
    displayname: null,
    streetname: null,
    streetnumber: null,
  },
  hitobito: {
    firstname: 'firstName',
    lastname: 'lastName',
    email: 'email',
    hauptemail: 'email',
    addresscareof: 'addressExtra',
    zusaetzlicheadresszeile: 'addressExtra',
    street: 'street',
    strasse: 'street',
    housenumber: 'houseNumber',
    hausnummer: 'houseNumber',
    zipcode: 'postcode',
    plz: 'postcode',
    town: 'city',
    ort: 'city',
    country: 'country',
    land: 'country',
    gender: 'gender',
    geschlecht: 'gender',
    birthday: 'birthdate',
    geburtstag: 'birthdate',
    additionalinformation: 'notes',
    zusaetzlicheangaben: 'notes',
    nickname: null,
    uebername: null,
    company: null,
    firma: null,
    roles: null,
    rollen: null,
  },
  admidio: {
    nachname: 'lastName',
    vorname: 'firstName',
    strasse: 'street',
    plz: 'postcode',
    ort: 'city',
    land: 'country',
    telefon: 'phone',
    handy: 'mobile',
    email: 'email',
    geburtstag: 'birthdate',
    geschlecht: 'gender',
    lastname: 'lastName',
    firstname: 'firstName',
    street: 'street',
    postcode: 'postcode',
    city: 'city',
    mobile: 'mobile',
    birthday: 'birthdate',
  },
  jverein: {
    mitgliedsnr: 'externalId',
    anrede: 'salutation',
    titel: 'title',
    nachname: 'lastName',
    vorname: 'firstName',
    adressierungszusatz: 'addressExtra',
    strasse: 'street',
    plz: 'postcode',
    ort: 'city',
    staat: 'country',
    geburtsdatum: 'birthdate',
    geschlecht: 'gender',
    bic: 'bic',
    iban: 'iban',
    telefonprivat: 'phone',
    handy: 'mobile',
    email: 'email',
    eintritt: 'entryDate',
    vermerk1: 'notes',
    ktoiname: null,
    telefondienstlich: null,
    bankleitzahl: null,
    kontonummer: null,
  },
  kuerschner: {
    lfdnr: 'externalId',
    titel: 'title',
    nachname: 'lastName',
    vorname: 'firstName',
    praefix: 'nameAffix',
    geschlecht: 'gender',
    anredeherrnfrau: 'salutation',
    email1: 'email',
    adresszusatzparl: 'addressExtra',
    strassepostfachparl: 'street',
    plzparl: 'postcode',
    ortparl: 'city',
    telefonvorwahlparl: 'phoneAreaCode',
    telefonnummerparl: 'phone',
    namenszeile: null,
    ausgabegesnamenszeile: null,
    posanrede: null,
  },
};

interface FormatFacts {
  [key: string]: unknown;
}

let knownHeaders: Map<string, Set<string>> | undefined;

/** The header lists of the known export formats (reference-data/import). */
function formatHeaders(): Map<string, Set<string>> {
  if (knownHeaders) return knownHeaders;
  const facts = JSON.parse(
    readFileSync(projectPath('reference-data', 'import', 'member-export-formats.json'), 'utf8'),
  ) as Record<string, FormatFacts>;
  const lists: Record<string, string[]> = {
    civicrm: [
      ...(facts.civicrm_contact_export?.headers_primary_fields_contact_export as string[]),
      ...(facts.civicrm_contact_export?.headers_membership_export_appended as string[]),
    ],
    hitobito: [
      ...(facts.hitobito_people_export?.full_export_keys as string[]),
      ...Object.values(facts.hitobito_people_export?.labels_de as Record<string, string>),
    ],
    admidio: [
      'Nachname',
      'Vorname',
      'Straße',
      'PLZ',
      'Ort',
      'Land',
      'Telefon',
      'Handy',
      'E-Mail',
      'Geburtstag',
      'Geschlecht',
    ],
    jverein: String(facts.jverein_member_import?.full_header ?? '').split(';'),
    kuerschner: String(facts.kuerschner_politician_export?.header ?? '').split(';'),
  };
  knownHeaders = new Map(Object.entries(lists).map(([k, v]) => [k, new Set(v.map(headerKey))]));
  return knownHeaders;
}

/**
 * The known export format whose header list covers most of these headers (at least 60 % and at
 * least eight columns, one of them written only by that program: real exports are wide, and
 * common names such as Vorname, Nachname, PLZ say nothing about the program that wrote them), or null.
 */
export function detectFormat(headers: readonly string[]): string | null {
  const keys = headers.map(headerKey).filter(Boolean);
  if (keys.length < 8) return null;
  let best: { name: string; share: number } | null = null;
  const all = formatHeaders();
  for (const [name, known] of all) {
    const hits = keys.filter((k) => known.has(k)).length;
    const share = hits / keys.length;
    // One column at least that only this program writes (hitobito's "Hauptebene", JVerein's "Bankleitzahl").
    const own = keys.some(
      (k) =>
        known.has(k) &&
        !synonymIndex.has(k) &&
        ![...all].some(([other, set]) => other !== name && set.has(k)),
    );
    if (hits >= 8 && share >= 0.6 && own && (!best || share > best.share)) best = { name, share };
  }
  return best?.name ?? null;
}

/**
 * Suggests which column fills which field: the known format's own table first, then German and
 * English synonyms. Each field is filled by one column at most (the first one, left to right).
 */
export function suggestMapping(headers: readonly string[]): {
  mapping: ImportMapping;
  knownFormat: string | null;
} {
  const knownFormat = detectFormat(headers);
  const formatTable = knownFormat ? FORMAT_COLUMNS[knownFormat] : undefined;
  const taken = new Set<ImportField>();
  const columns: Record<string, ImportField | null> = {};
  for (const header of headers) {
    const key = headerKey(header);
    let field: ImportField | null | undefined =
      formatTable && key in formatTable ? formatTable[key] : undefined;
    if (field === undefined) field = synonymIndex.get(key) ?? null;
    if (field && taken.has(field)) field = null;
    if (field) taken.add(field);
    columns[header] = field;
  }
  return { mapping: { columns }, knownFormat };
}

/** Column index → field, for a mapping and the file's actual header row. */
export function resolveMapping(
  headers: readonly string[],
  mapping: ImportMapping,
): {
  byIndex: (ImportField | null)[];
  columnOf: Partial<Record<ImportField, string>>;
  unknownColumns: string[];
} {
  const byIndex: (ImportField | null)[] = headers.map(() => null);
  const columnOf: Partial<Record<ImportField, string>> = {};
  const present = new Map(headers.map((h, i) => [h.trim(), i]));
  const unknownColumns: string[] = [];
  for (const [column, field] of Object.entries(mapping.columns)) {
    const index = present.get(column.trim());
    if (index === undefined) {
      if (field) unknownColumns.push(column);
      continue;
    }
    if (!field) continue;
    byIndex[index] = field;
    columnOf[field] ??= headers[index]!;
  }
  return { byIndex, columnOf, unknownColumns };
}
