import type { Translate } from '../i18n.ts';
import type { Persona } from './personas.ts';

/** "highly active, recent buyers": the traits that set a persona apart, in words. */
export function personaLabel(t: Translate, persona: Persona): string {
  if (persona.traits.length === 0) return t('personas.typical');
  return persona.traits
    .slice(0, 2)
    .map((trait) => t(`personas.traits.${trait.feature}.${trait.direction}`))
    .join(', ');
}
