import { readReferenceCsv, requireColumn } from '@/server/platform/reference-data';
import { isSupportedCheckMethod, type CheckMethod } from '@/server/modules/demo/iban';

/** The public data the demo is built from, read from reference-data/ (see the SOURCES.md files there). */
export interface DemoReference {
  kreise: Kreis[];
  gemeinden: Gemeinde[];
  postcodeAreas: PostcodeArea[];
  names: {
    /** Berlin newborn first names 2012–2023 with counts. */
    berlin: { name: string; gender: 'w' | 'm'; count: number }[];
    /** Common first names per birth decade (1930 … 1990), rank 1 = most common. */
    decades: { decade: number; gender: 'w' | 'm'; rank: number; name: string }[];
    /** Unweighted first names (faker, locale de). */
    faker: { female: string[]; male: string[]; generic: string[] };
    /** Surnames by rank, index 0 = rank 1. */
    lastNames: string[];
    streets: string[];
  };
  banks: Bank[];
}

export interface Kreis {
  ags: string;
  name: string;
  kreisfrei: boolean;
  population: number;
  areaCodes: string[];
}
export interface Gemeinde {
  ags: string;
  name: string;
  /** Stadt or Gemeinde ("Gemeindefreies Gebiet" rows are left out: they are not Gemeinden). */
  isStadt: boolean;
  kreisAgs: string;
}
export interface PostcodeArea {
  postcode: string;
  ags: string;
  placeName: string;
}
export interface Bank {
  blz: string;
  name: string;
  bic: string;
  checkMethod: CheckMethod;
  /** Kreis AGS where the bank has customers; null = everywhere. */
  kreise: string[] | null;
  weight: number;
}

const readCsv = readReferenceCsv;
const need = requireColumn;

let cached: DemoReference | undefined;

export function loadDemoReference(): DemoReference {
  if (cached) return cached;
  const areaCodes = new Map(
    readCsv('geo', 'hessen_kreis_vorwahlen.csv').map((r) => [
      need(r, 'kreis_ags'),
      need(r, 'vorwahlen').split(' '),
    ]),
  );
  const kreise = readCsv('geo', 'hessen_kreise.csv')
    .map((r): Kreis => {
      const ags = need(r, 'kreis_ags');
      return {
        ags,
        name: need(r, 'name'),
        kreisfrei: need(r, 'typ') === 'Kreisfreie Stadt',
        population: Number(need(r, 'population_2018')),
        areaCodes: areaCodes.get(ags) ?? [],
      };
    })
    .sort((a, b) => a.ags.localeCompare(b.ags));
  for (const k of kreise) {
    if (k.areaCodes.length === 0) throw new Error(`reference data: no area code for Kreis ${k.ags}`);
  }
  const gemeinden = readCsv('geo', 'hessen_gemeinden.csv')
    .filter((r) => r.bez === 'Stadt' || r.bez === 'Gemeinde')
    .map((r): Gemeinde => ({
      ags: need(r, 'ags'),
      name: need(r, 'name'),
      isStadt: r.bez === 'Stadt',
      kreisAgs: need(r, 'kreis_ags'),
    }))
    .sort((a, b) => a.ags.localeCompare(b.ags));
  const postcodeAreas = readCsv('geo', 'hessen_plz_gemeinde_osm.csv')
    .map((r) => ({ postcode: need(r, 'plz'), ags: need(r, 'ags'), placeName: need(r, 'ort') }))
    .sort((a, b) => a.postcode.localeCompare(b.postcode) || a.ags.localeCompare(b.ags));

  const fakerNames = readCsv('names', 'faker_de_names.csv');
  const fakerOf = (type: string) => fakerNames.filter((r) => r.type === type).map((r) => need(r, 'name'));
  const names: DemoReference['names'] = {
    berlin: readCsv('names', 'vornamen_berlin_2012-2023_rufname_counts_min10.csv').map((r) => ({
      name: need(r, 'vorname'),
      gender: need(r, 'geschlecht') === 'w' ? 'w' : 'm',
      count: Number(need(r, 'anzahl_2012_2023')),
    })),
    decades: readCsv('names', 'vornamen_geburtsjahrzehnte.csv').map((r) => ({
      decade: Number(need(r, 'jahrzehnt')),
      gender: need(r, 'geschlecht') === 'w' ? 'w' : 'm',
      rank: Number(need(r, 'rang')),
      name: need(r, 'vorname'),
    })),
    faker: {
      female: fakerOf('first_female'),
      male: fakerOf('first_male'),
      generic: fakerOf('first_generic'),
    },
    lastNames: readCsv('names', 'nachnamen_top3000_ranked_zxcvbn-de.csv')
      .sort((a, b) => Number(a.rank) - Number(b.rank))
      .map((r) => need(r, 'nachname')),
    streets: readCsv('names', 'faker_de_street_names.csv').map((r) => need(r, 'street_name')),
  };
  const banks = readCsv('iban', 'demo_banks.csv').map((r): Bank => {
    const method = need(r, 'check_method');
    if (!isSupportedCheckMethod(method)) {
      throw new Error(
        `reference data: bank ${r.blz} uses check method ${method}, which the demo cannot compute`,
      );
    }
    const kreise = need(r, 'kreise');
    return {
      blz: need(r, 'blz'),
      name: need(r, 'bank_name'),
      bic: need(r, 'bic'),
      checkMethod: method,
      kreise: kreise === '*' ? null : kreise.split(' '),
      weight: Number(need(r, 'weight')),
    };
  });
  cached = { kreise, gemeinden, postcodeAreas, names, banks };
  return cached;
}
