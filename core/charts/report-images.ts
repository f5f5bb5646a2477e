import type { PersonaSnapshotDoc } from '../db/models.ts';
import type { Locale, Translate } from '../i18n.ts';
import type { Persona } from '../personas/personas.ts';
import type { Digest } from '../support/digest.ts';
import type { ReplyImage } from '../types.ts';
import { personaSizesChart } from './persona-charts.ts';
import { chartImage } from './render.ts';
import { sentimentDigestChart } from './sentiment-charts.ts';

/** A picture is a bonus: when it cannot be drawn, the report goes out as text all the same. */
async function imageOrNothing(draw: () => Promise<ReplyImage>): Promise<ReplyImage | undefined> {
  try {
    return await draw();
  } catch {
    return undefined;
  }
}

/** The sentiment digest's chart (daily mean over volume, the previous period faint, the label shares). */
export function digestImage(digest: Digest, t: Translate, locale: Locale, title: string) {
  return imageOrNothing(() => chartImage(sentimentDigestChart(digest, t, locale, title), 'sentiment.png'));
}

/** The persona report's chart (sizes, with the members at high churn risk). */
export function personaImage(snapshot: PersonaSnapshotDoc, t: Translate, locale: Locale, title: string) {
  const personas = snapshot.personas as Persona[];
  return imageOrNothing(() => chartImage(personaSizesChart(personas, t, locale, title), 'personas.png'));
}
