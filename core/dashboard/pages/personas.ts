import { z } from 'zod';
import { personaMapChart, personaProfileChart } from '../../charts/dashboard-charts.ts';
import { personaLabel } from '../../personas/label.ts';
import type { Persona, PersonaMap } from '../../personas/personas.ts';
import { atRiskList } from '../churn-list.ts';
import { definePage } from '../page.ts';

/** Personas: sizes and what sets each apart, the members on a 2-D map, who may leave, the last refresh. */
export default definePage({
  name: 'personas',
  role: 'manager',
  query: z.object({}),
  async load(ctx) {
    const snapshot = await ctx.services.insights.personas.latest(ctx.communityId);
    if (!snapshot) return { snapshot: null, personas: [], map: null, churn: atRiskList(ctx, null) };
    const personas = snapshot.personas as Persona[];
    const names = personas.map((persona) => personaLabel(ctx.t, persona));
    const featureName = (feature: string) => ctx.t(`personas.features.${feature}`);
    const map = snapshot.map as PersonaMap | null;
    return {
      snapshot: {
        at: snapshot.at.toISOString(),
        members: snapshot.members,
        k: snapshot.k,
        silhouette: snapshot.silhouette,
        timings: snapshot.timings as { readSeconds: number; clusterSeconds: number; storeSeconds: number },
      },
      personas: personas.map((persona, i) => ({
        index: persona.index,
        name: names[i] as string,
        size: persona.size,
        share: persona.size / Math.max(snapshot.members, 1),
        atRisk: persona.atRisk,
        traits: persona.traits.map((trait) => ({
          ...trait,
          words: ctx.t(`personas.traits.${trait.feature}.${trait.direction}`),
        })),
        profile: persona.profile
          ? personaProfileChart(
              snapshot.features.map((feature, d) => ({ name: featureName(feature), z: persona.profile?.[d] ?? 0 })),
              ctx.t('dashboard.personas.profileAlt', {
                persona: names[i],
                traits: persona.traits.map((trait) => `${featureName(trait.feature)} ${trait.z}`).join(', '),
              }),
            )
          : null,
      })),
      map: map ? personaMapChart(map, names, ctx.t) : null,
      churn: atRiskList(ctx, snapshot),
    };
  },
});
