import type { Persona } from './personas.ts';

type T = (key: string, params?: Record<string, unknown>) => string;

/** "highly active, recent buyers": the traits that set a persona apart, in words. */
export function personaLabel(t: T, persona: Persona): string {
  if (persona.traits.length === 0) return t('personas.typical');
  return persona.traits.slice(0, 2).map((trait) => t(`personas.traits.${trait.feature}.${trait.direction}`)).join(', ');
}
