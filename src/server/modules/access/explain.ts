import { roles } from '@/contracts/access';
import type { UnitLevel } from '@/contracts/units';
import type { ActorGrant } from '@/server/platform/scope';

const levelNoun: Record<UnitLevel, { de: string; en: string }> = {
  federal: { de: 'Bundesverband', en: 'federal association' },
  state: { de: 'Landesverband', en: 'state association' },
  district: { de: 'Kreisverband', en: 'district association' },
  local: { de: 'Ortsverband', en: 'local association' },
};
const nouns = [
  'Bundesverband',
  'Landesverband',
  'Kreisverband',
  'Ortsverband',
  'Stadtverband',
  'Gemeindeverband',
];

/** "des Kreisverbands Fulda" from level district and name "Fulda" or "Kreisverband Fulda". */
export function unitGenitive(level: UnitLevel, name: string): string {
  const noun = nouns.find((n) => name.startsWith(`${n} `));
  if (noun) return `des ${noun}s ${name.slice(noun.length + 1)}`;
  return `des ${levelNoun[level].de}s ${name}`;
}

function unitEnglish(level: UnitLevel, name: string): string {
  return nouns.some((n) => name.startsWith(`${n} `)) ? name : `the ${levelNoun[level].en} ${name}`;
}

/**
 * What a user may see and why, one sentence per grant, in German and English:
 * "Sie sehen die Mitglieder des Kreisverbands Fulda, weil Sie dort Kreisgeschäftsführer/in sind."
 */
export function explainGrants(grants: readonly Pick<ActorGrant, 'role' | 'unitName' | 'unitLevel'>[]): {
  de: string[];
  en: string[];
} {
  if (grants.length === 0) {
    return {
      de: ['Ihnen ist noch keine Rolle zugewiesen: Sie sehen keine Mitgliederdaten.'],
      en: ['You hold no role yet: you see no member data.'],
    };
  }
  const de: string[] = [];
  const en: string[] = [];
  for (const grant of grants) {
    const role = roles[grant.role];
    const unit = unitGenitive(grant.unitLevel, grant.unitName);
    const unitEn = unitEnglish(grant.unitLevel, grant.unitName);
    const because = `weil Sie dort ${role.name.de} sind`;
    const becauseEn = `because you are ${role.name.en} there`;
    const p = new Set(role.permissions);
    let sentenceDe: string;
    let sentenceEn: string;
    if (p.has('member:read') && role.memberFields === 'contact') {
      sentenceDe = `Sie sehen Namen und Kontaktdaten der Mitglieder ${unit}, ${because}. Geburtsdaten, Notizen und Bankverbindungen sehen Sie nicht.`;
      sentenceEn = `You see the names and contact details of the members of ${unitEn}, ${becauseEn}. You do not see dates of birth, notes or bank details.`;
    } else if (p.has('member:read') && p.has('member:finance:read')) {
      sentenceDe = `Sie sehen die Mitglieder ${unit} einschließlich ihrer Bankverbindungen, ${because}.`;
      sentenceEn = `You see the members of ${unitEn} including their bank details, ${becauseEn}.`;
    } else if (p.has('member:read')) {
      sentenceDe = `Sie sehen die Mitglieder ${unit}, ${because}. Bankverbindungen sehen Sie nicht.`;
      sentenceEn = `You see the members of ${unitEn}, ${becauseEn}. You do not see bank details.`;
    } else if (p.has('audit:read')) {
      sentenceDe = `Sie sehen das Zugriffsprotokoll ${unit} und erstellen Auskünfte für Mitglieder, ${because}. Mitgliederlisten sehen Sie nicht.`;
      sentenceEn = `You see the access log of ${unitEn} and produce access reports for members, ${becauseEn}. You do not see member lists.`;
    } else if (p.has('user:manage')) {
      sentenceDe = `Sie verwalten die Benutzerkonten ${unit}, ${because}. Mitgliederdaten sehen Sie nicht.`;
      sentenceEn = `You manage the user accounts of ${unitEn}, ${becauseEn}. You do not see member data.`;
    } else {
      sentenceDe = `Sie sind ${role.name.de} ${unit}.`;
      sentenceEn = `You are ${role.name.en} of ${unitEn}.`;
    }
    if (p.has('member:read') && p.has('user:manage')) {
      sentenceDe += ' Dort verwalten Sie auch die Benutzerkonten.';
      sentenceEn += ' You also manage the user accounts there.';
    }
    de.push(sentenceDe);
    en.push(sentenceEn);
  }
  return { de, en };
}
