import { describe, expect, it } from 'vitest';
import { filterUnits, sortUnits, unitMatches } from '@/web/features/units/unit-search';

const unit = (name: string, ags: string | null = null, code = 'HE-X') => ({ name, ags, code });

describe('unit search', () => {
  const districts = [
    unit('Offenbach am Main', '06413', 'HE-06413'),
    unit('Offenbach', '06438', 'HE-06438'),
    unit('Gießen', '06531', 'HE-06531'),
    unit('Fulda', '06631', 'HE-06631'),
    unit('Werra-Meißner-Kreis', '06636', 'HE-06636'),
  ];

  it('finds the city and the Landkreis of the same name', () => {
    expect(filterUnits(districts, 'Offenbach').map((u) => u.name)).toEqual([
      'Offenbach am Main',
      'Offenbach',
    ]);
    expect(filterUnits(districts, '  offenBACH ').map((u) => u.ags)).toEqual(['06413', '06438']);
  });

  it('treats ß, ss and umlaut spellings alike', () => {
    for (const query of ['Gießen', 'giessen', 'GIESSEN', 'gies']) {
      expect(filterUnits(districts, query).map((u) => u.name)).toEqual(['Gießen']);
    }
    expect(unitMatches(unit('Göttingen'), 'goettingen')).toBe(true);
    expect(unitMatches(unit('Göttingen'), 'gottingen')).toBe(true);
    expect(unitMatches(unit('Göttingen'), 'göttingen')).toBe(true);
    expect(unitMatches(unit('Fulda'), 'Fuldaer')).toBe(false);
  });

  it('ignores hyphens and needs every word', () => {
    expect(filterUnits(districts, 'werra meissner').map((u) => u.name)).toEqual(['Werra-Meißner-Kreis']);
    expect(filterUnits(districts, 'Meißner Kreis').map((u) => u.name)).toEqual(['Werra-Meißner-Kreis']);
    expect(filterUnits(districts, 'Offenbach Kreis')).toEqual([]);
  });

  it('matches the official key and the code', () => {
    expect(filterUnits(districts, '06631').map((u) => u.name)).toEqual(['Fulda']);
    expect(filterUnits(districts, 'he-06531').map((u) => u.name)).toEqual(['Gießen']);
  });

  it('keeps everything for an empty query and nothing for a miss', () => {
    expect(filterUnits(districts, '   ')).toHaveLength(districts.length);
    expect(filterUnits(districts, 'Hamburg')).toEqual([]);
  });

  it('sorts by place, whatever the level word in front', () => {
    const sorted = sortUnits([
      unit('Stadtverband Hünfeld'),
      unit('Gemeindeverband Großenlüder'),
      unit('Stadtverband Fulda'),
      unit('Gemeindeverband Flieden'),
    ]);
    expect(sorted.map((u) => u.name)).toEqual([
      'Gemeindeverband Flieden',
      'Stadtverband Fulda',
      'Gemeindeverband Großenlüder',
      'Stadtverband Hünfeld',
    ]);
  });

  it('sorts in German order', () => {
    const sorted = sortUnits([
      unit('Zwingenberg'),
      unit('Ätzbach'),
      unit('Bad Vilbel'),
      unit('Azbach'),
      unit('Badenweiler'),
    ]);
    expect(sorted.map((u) => u.name)).toEqual([
      'Ätzbach',
      'Azbach',
      'Bad Vilbel',
      'Badenweiler',
      'Zwingenberg',
    ]);
  });
});
