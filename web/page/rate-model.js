// "Rate some movies yourself" (section 7): which model the visitor's ratings
// are folded into. Once section 6 has compared the explicit model and
// implicit ALS, the one with the higher NDCG@10 is chosen and a switch offers
// the other (and the model explored in section 7); before that, the explored one.
import { $ } from './dom.js';
import { comparisonModels, rankingState } from './ranking-panel.js';
import { state } from './store.js';

let changed = () => {};

// The chosen comparison model ({ kind, name, ndcg, foldIn }), or null for the explored model.
export function rateSource() {
  return comparisonModels().find((m) => m.kind === $('rate-model').value) ?? null;
}

function describeChoice() {
  const source = rateSource();
  const settings = rankingState.result?.settings.implicit;
  let note = source ? `Folded into ${source.name} of section 6 (NDCG@10 ${source.ndcg.toFixed(3)}).` :
    comparisonModels().length ? 'Folded into the model explored in this section.' :
      'Run the comparison of section 6 to rate with the model that ranks best, and switch between the two.';
  if (source?.kind === 'implicit') {
    note += ' Implicit ALS hears only which movies you rated' + (settings.positiveThreshold > 0
      ? `: ratings below ${settings.positiveThreshold} are left out, the others all count as "watched".`
      : ': a 1-star rating says "I watched it" as much as a 5. To ignore low ratings, set "Watched from rating" in section 3 and compare again.');
  }
  $('rate-model-note').textContent = note;
}

// Fills the switch from the comparison: the best model first and chosen.
function refreshChoices() {
  const models = comparisonModels();
  const select = $('rate-model');
  const options = models.map((m, n) => Object.assign(document.createElement('option'), {
    value: m.kind, textContent: `${m.name} from section 6 (NDCG@10 ${m.ndcg.toFixed(3)}${n === 0 ? ', ranks best' : ''})`,
  }));
  const explored = state.explored ? `${state.explored.name} explored here` : 'the model explored here';
  options.push(Object.assign(document.createElement('option'), { value: 'explored', textContent: explored }));
  select.replaceChildren(...options);
  select.value = models.length ? models[0].kind : 'explored';
  $('rate-model-field').hidden = models.length === 0;
  describeChoice();
  changed();
}

// onChange(): the list is to be asked again (explorer.js).
export function wireRateModel(onChange) {
  changed = onChange;
  $('rate-model').addEventListener('change', () => {
    describeChoice();
    changed();
  });
  rankingState.hooks.finished = refreshChoices;
  refreshChoices();
}
