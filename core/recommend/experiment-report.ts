import type { Models } from '../db/models.ts';
import type { ExperimentDoc, ExposureDoc } from '../db/retention-models.ts';
import { compareProportions, proportion, type Comparison, type Proportion } from '../stats.ts';

/** Outcomes of one variant, per member (the unit that was randomized). */
export interface VariantFigures {
  variant: string;
  members: number;
  picksShown: number;
  interested: Proportion;
  dismissed: Proportion;
  /** Redeemed or bought anything within 7 days of being shown picks (the control: of asking). */
  converted: Proportion;
  /** …one of the picks shown. */
  pickConverted: number;
  /** Against the first variant (the baseline); null for the baseline itself. */
  vsBaseline: { converted: Comparison | null; interested: Comparison | null } | null;
}

export interface ExperimentReport {
  experiment: ExperimentDoc;
  variants: VariantFigures[];
}

/**
 * Per-variant rates with 95% Wilson intervals, and each variant against the baseline: the
 * difference with Newcombe's interval and the two-proportion z-test, Bonferroni-corrected
 * for the number of comparisons so that three variants are not called different by chance
 * more often than two would be. Interest is compared only between variants that show picks.
 */
export function reportFrom(experiment: ExperimentDoc, exposures: ExposureDoc[], level = 0.05): ExperimentReport {
  const comparisons = Math.max(1, experiment.variants.length - 1);
  const figures = experiment.variants.map((variant) => {
    const rows = exposures.filter((e) => e.variant === variant);
    const count = (flag: (e: ExposureDoc) => boolean) => rows.filter(flag).length;
    return {
      variant,
      members: rows.length,
      picksShown: rows.reduce((sum, e) => sum + e.shownItems.length, 0),
      interested: proportion(
        count((e) => e.interested),
        rows.length,
      ),
      dismissed: proportion(
        count((e) => e.dismissed),
        rows.length,
      ),
      converted: proportion(
        count((e) => e.converted),
        rows.length,
      ),
      pickConverted: count((e) => e.pickConverted),
      vsBaseline: null,
    } satisfies VariantFigures as VariantFigures;
  });
  const [baseline] = figures;
  for (const figure of figures.slice(1)) {
    if (!baseline) break;
    const options = { level, comparisons };
    const showsPicks = (v: string) => v !== 'none';
    figure.vsBaseline = {
      converted: compareProportions(figure.converted, baseline.converted, options),
      interested:
        showsPicks(figure.variant) && showsPicks(baseline.variant)
          ? compareProportions(figure.interested, baseline.interested, options)
          : null,
    };
  }
  return { experiment, variants: figures };
}

/** The report of a community's experiment, read from its exposures. */
export async function experimentReport(models: Models, experiment: ExperimentDoc): Promise<ExperimentReport> {
  const exposures = await models.Exposure.find({
    communityId: experiment.communityId,
    experimentId: experiment.experimentId,
  }).lean<ExposureDoc[]>();
  return reportFrom(experiment, exposures);
}
