/**
 * Made-up names, so generated rosters read like a real rota rather than a list of ids. Surnames
 * lean West Yorkshire; clients and carers who speak another language get a matching name.
 */
import type { Random } from '../model/random.js';

// prettier-ignore
const SURNAMES = [
  'Hirst', 'Sykes', 'Haigh', 'Booth', 'Firth', 'Crowther', 'Brook', 'Shaw', 'Lockwood',
  'Armitage', 'Walker', 'Kaye', 'Dyson', 'Hinchliffe', 'Ackroyd', 'Sutcliffe', 'Greenwood',
  'Holroyd', 'Wood', 'Bottomley', 'Senior', 'Mellor', 'Beaumont', 'Schofield', 'Wilkinson',
];

// prettier-ignore
const FIRST_NAMES = {
  older: {
    female: ['Margaret', 'Joan', 'Dorothy', 'Betty', 'Jean', 'Irene', 'Doreen', 'Sheila', 'Brenda', 'Eileen'],
    male: ['Arthur', 'Harold', 'Kenneth', 'Dennis', 'Ronald', 'Stanley', 'Frank', 'Albert', 'Norman', 'Derek'],
  },
  younger: {
    female: ['Emma', 'Sarah', 'Gemma', 'Laura', 'Kelly', 'Jade', 'Rachel', 'Hannah', 'Claire', 'Amy'],
    male: ['Daniel', 'Craig', 'Liam', 'Jordan', 'Ryan', 'Lee', 'Adam', 'Tom', 'Kieran', 'Sam'],
  },
} as const;

/** Names by language code, for people whose first language is not English. */
const BY_LANGUAGE: Record<string, { female: string[]; male: string[]; surnames: string[] }> = {
  pl: {
    female: ['Agnieszka', 'Katarzyna', 'Magdalena', 'Joanna', 'Ewa'],
    male: ['Piotr', 'Tomasz', 'Krzysztof', 'Marek', 'Pawel'],
    surnames: ['Nowak', 'Kowalski', 'Wojcik', 'Kaminski', 'Lewandowski'],
  },
  pa: {
    female: ['Harpreet', 'Gurpreet', 'Manjit', 'Jasvir', 'Balbir'],
    male: ['Harjit', 'Sukhdev', 'Gurdeep', 'Kulwant', 'Jaswinder'],
    surnames: ['Kaur', 'Singh', 'Gill', 'Sandhu', 'Dhillon'],
  },
  ur: {
    female: ['Nasreen', 'Shazia', 'Rubina', 'Farzana', 'Samina'],
    male: ['Mohammed', 'Tariq', 'Imran', 'Javed', 'Arshad'],
    surnames: ['Hussain', 'Khan', 'Ahmed', 'Begum', 'Iqbal'],
  },
};

/** A name for a person of the given gender and age group; `language` picks a matching name. */
export function personName(
  rng: Random,
  gender: 'female' | 'male' | 'non-binary',
  age: 'older' | 'younger',
  language?: string,
): string {
  const side = gender === 'non-binary' ? rng.pick(['female', 'male'] as const) : gender;
  const foreign = language ? BY_LANGUAGE[language] : undefined;
  if (foreign) return `${rng.pick(foreign[side])} ${rng.pick(foreign.surnames)}`;
  return `${rng.pick(FIRST_NAMES[age][side])} ${rng.pick(SURNAMES)}`;
}

/**
 * `prefix-001`: numbered from 1, zero-padded to at least three digits and to the width of the
 * largest number, so ids sort in creation order.
 */
export function readableId(prefix: string, index: number, total: number): string {
  const width = Math.max(3, String(total).length);
  return `${prefix}-${String(index + 1).padStart(width, '0')}`;
}
