// mf train and mf grid: load a ratings file, split it, train.
#include <cmath>
#include <cstdio>
#include <unistd.h>

#include "commands.hpp"
#include "curve.hpp"
#include "mf/io.hpp"

namespace cli {

namespace {

std::string fixed(double v) { return metric_text(v, true); }

// Grid progress on stderr: a line rewritten in place on a terminal, every 10 % otherwise.
mf::GridProgress progress_line(bool tty) {
  return [tty, last = -1](std::size_t done, std::size_t total) mutable {
    const int percent = int(100 * done / total);
    if (percent == last) return true;
    last = percent;
    if (tty)
      std::fprintf(stderr, "\rgrid search: %3d%% (%zu/%zu steps)", percent, done, total);
    else if (percent % 10 == 0)
      std::fprintf(stderr, "grid search: %d%% (%zu/%zu steps)\n", percent, done, total);
    return true;
  };
}

}  // namespace

int run_train(const Invocation& in) {
  const Settings& s = in.settings;
  mf::Dataset data = load_data(in, in.operands.at(0));
  mf::Split split = split_for(in, data);
  mf::Trainer trainer(data, std::move(split), s.train);
  CurveWriter curve(s.output, mf::predicts_ratings(s.train.algorithm));
  std::fputs(curve.header().c_str(), stdout);
  int status = 0;
  for (int it = 0; it < s.train.iterations; ++it) {
    const mf::StepResult step = trainer.step();
    if (step.status == mf::Status::Diverged) {
      std::fprintf(stderr, "%s\n", step.message.c_str());
      status = 3;
      break;
    }
    std::fputs(curve.step(step).c_str(), stdout);
    std::fflush(stdout);
  }
  std::fputs(curve.footer().c_str(), stdout);
  if (!trainer.history().empty() && trainer.history().back().test.fallback)
    std::fprintf(stderr, "note: %zu test ratings had a user or item unseen in training (fallback prediction)\n",
                 trainer.history().back().test.fallback);
  if (!s.save.empty()) {
    mf::save_model_file(trainer.model(), s.save);
    std::fprintf(stderr, "model saved to %s\n", s.save.c_str());
  }
  return status;
}

int run_grid(const Invocation& in) {
  const Settings& s = in.settings;
  mf::Dataset data = load_data(in, in.operands.at(0));
  const mf::Split split = mf::split(data, s.split);
  const bool tty = isatty(2);
  const mf::GridResult r = mf::grid_search(data, split, s.train, s.grid, progress_line(tty));
  if (tty) std::fputc('\n', stderr);
  std::printf("%7s %10s %10s %13s %18s %10s\n", "factors", "reg", "lr", "bestIteration", "bestValidationRmse",
              "trainRmse");
  for (std::size_t c = 0; c < r.cells.size(); ++c) {
    const mf::GridCell& cell = r.cells[c];
    std::printf("%7d %10g %10g %13d %18s %10s%s\n", cell.options.factors, cell.options.reg_user,
                s.train.algorithm == mf::Algorithm::SGD ? cell.options.learning_rate : 0.0, cell.best_iteration,
                cell.best_iteration ? fixed(cell.best_validation_rmse).c_str() : "diverged",
                cell.best_iteration ? fixed(std::sqrt(cell.train_mse_at_best)).c_str() : "-",
                c == r.best ? "  <- best" : (cell.diverged ? "  (diverged)" : ""));
  }
  std::printf("chosen on a validation share (%g) of the training ratings; ", s.grid.validation_fraction);
  if (r.test.count > 0)
    std::printf("its test RMSE (measured once): %s\n", fixed(r.test.rmse).c_str());
  else
    std::printf("there is no test set to measure it on\n");
  return 0;
}

}  // namespace cli
