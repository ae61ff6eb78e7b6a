// Reading the ratings a command works on, and its train/test split.
#include <cstdio>

#include "commands.hpp"

namespace cli {

mf::Dataset load_data(const Invocation& in, const std::string& path) {
  mf::LoadOptions options = in.settings.load;
  options.source = path;
  mf::LoadReport report;
  mf::Dataset data = mf::load_ratings(path, options, &report);
  std::fprintf(stderr, "%s: %zu ratings, %zu users, %zu items (%s format%s)\n", path.c_str(), data.ratings.size(),
               data.n_users(), data.n_items(), mf::to_string(report.format), options.implicit ? ", implicit" : "");
  if (report.replaced) std::fprintf(stderr, "  %zu duplicate ratings replaced by later lines\n", report.replaced);
  if (report.skipped) {
    std::fprintf(stderr, "  %zu bad lines skipped:\n", report.skipped);
    for (const auto& b : report.bad_lines) std::fprintf(stderr, "    %s\n", b.message.c_str());
    if (report.skipped > report.bad_lines.size())
      std::fprintf(stderr, "    ... and %zu more\n", report.skipped - report.bad_lines.size());
  }
  return data;
}

mf::Split split_for(const Invocation& in, const mf::Dataset& data) {
  const Settings& s = in.settings;
  if (s.test.empty()) {
    mf::Split split = mf::split(data, s.split);
    std::fprintf(stderr, "split: %zu train, %zu test ratings\n", split.train.size(), split.test.size());
    return split;
  }
  for (const char* flag : {"--test-fraction", "--holdout", "--split-seed"})
    if (typed(in, *find_option(flag, in.command)))
      usage_error(in.command, std::string("give --test FILE or ") + flag + ", not both");
  const mf::Dataset test = load_data(in, s.test);
  mf::TestSetReport r;
  mf::Split split = mf::split_with_test(data, test, &r);
  std::fprintf(stderr, "test set: %zu of the %zu ratings of %s", r.kept, test.ratings.size(), s.test.c_str());
  if (r.unseen)
    std::fprintf(stderr, "; %zu left out whose user or item is not in the training data (%zu users and %zu items "
                 "only in the test file)", r.unseen, r.unseen_users, r.unseen_items);
  if (r.in_train) std::fprintf(stderr, "; %zu left out whose (user, item) the training data rates", r.in_train);
  std::fprintf(stderr, "\n");
  return split;
}

}  // namespace cli
