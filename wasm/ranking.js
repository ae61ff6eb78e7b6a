// Ranking evaluation (core/include/mf/ranking.hpp): how good the top-k lists
// of a model, or of a baseline, are on a split's test set.
import { invalidParts } from './errors.js';
import { checkKeys, describe, isObject, number } from './checks.js';

const BASELINES = ['popularity', 'dampedMean'];

export function rankingApi({ core, check, conv, dataAndSplit, Model }) {
  // The baselines every comparison needs: plain descriptions, fitted on the
  // split's training ratings when evaluated (nothing to delete).
  const baselines = Object.freeze({
    popularity: () => Object.freeze({ baseline: 'popularity' }),
    dampedMean(options) {
      const o = checkKeys(options, ['damping'], 'dampedMean option');
      const damping = o.damping === undefined ? core._defaultDamping() : number(o.damping, 'damping');
      return Object.freeze({ baseline: 'dampedMean', damping });
    },
  });

  function evaluateRanking(scorer, data, split, options) {
    const call = 'evaluateRanking(scorer, data, split, options)';
    const [d, s] = dataAndSplit(data, split, call);
    const o = { ...checkKeys(options, ['k', 'threshold', 'anyRatingRelevant', 'shrinkage'], 'evaluateRanking option') };
    const ranking = conv.rankingOptions(o, data.implicit);
    let metrics;
    if (scorer instanceof Model) {
      const shrinkage = o.shrinkage === undefined ? core._defaultRecommendOptions().shrinkage : number(o.shrinkage, 'shrinkage');
      metrics = core._rankModel(scorer._h, d, s, ranking, shrinkage);
    } else if (isObject(scorer) && BASELINES.includes(scorer.baseline)) {
      if (o.shrinkage !== undefined) invalidParts("'", 'shrinkage', "' applies to a Model only, not to a baseline");
      metrics = scorer.baseline === 'popularity'
        ? core._rankPopularity(d, s, ranking)
        : core._rankDampedMean(d, s, ranking, number(scorer.damping, 'damping'));
    } else {
      invalidParts(`${call}: `, 'scorer', ` must be a Model or one of mf.baselines (got ${describe(scorer)})`);
    }
    return conv.toApi(check(metrics));
  }

  return { evaluateRanking, baselines };
}
