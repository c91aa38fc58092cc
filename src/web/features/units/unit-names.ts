/**
 * "Musterpartei Bundesverband" → "Musterpartei": the party's name for the header, taken from
 * the federal unit's name without the level word. A name without it is returned as it is.
 */
export function partyName(federalUnitName: string): string {
  const name = federalUnitName.replace(/^\s*Bundesverband\s+|\s+Bundesverband\s*$/u, '').trim();
  return name || federalUnitName;
}

const levelWord = /^(?:Bundes|Landes|Bezirks|Kreis|Stadt|Gemeinde|Orts)verband\s+/u;

/**
 * The place in a unit's name ("Stadtverband Fulda" → "Fulda"), so that lists sort by place:
 * Stadtverband Fulda between Gemeindeverband Flieden and Gemeindeverband Großenlüder.
 */
export function placeName(unitName: string): string {
  return unitName.replace(levelWord, '') || unitName;
}
