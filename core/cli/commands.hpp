// The commands of the mf tool, one function each (listed in command_table()).
// Each returns the exit status; failures are thrown as mf::Error.
#pragma once

#include "cli.hpp"

namespace cli {

int run_train(const Invocation& in);      // train_commands.cpp
int run_grid(const Invocation& in);       // train_commands.cpp
int run_recommend(const Invocation& in);  // model_commands.cpp
int run_similar(const Invocation& in);    // model_commands.cpp
int run_foldin(const Invocation& in);     // model_commands.cpp
int run_info(const Invocation& in);       // model_commands.cpp
int run_evaluate(const Invocation& in);   // evaluate_command.cpp

// One metric of mf evaluate's --metrics list.
struct Metric {
  std::string name;  // as written ("ndcg@10")
  std::string base;  // without the list length ("ndcg")
  int k = 0;         // the list length (0: a rating metric, or AUC)
};
// The metrics of a comma-separated list: rmse, mae, mse, auc, and
// precision, recall, ndcg, map, hit, coverage at @K. Throws
// InvalidArgument naming "metrics" and the entry it cannot read.
std::vector<Metric> parse_metrics(const std::string& list);  // evaluate_command.cpp

// What the commands share (data.cpp).

// The ratings file at `path`, read with the command's load options; what was
// read is reported on stderr.
mf::Dataset load_data(const Invocation& in, const std::string& path);
// The command's train/test split of `data`: the --test file mapped into its
// ids (what was left out reported on stderr), or the split options' split.
mf::Split split_for(const Invocation& in, const mf::Dataset& data);
int run_import_spark(const Invocation& in);  // import_command.cpp

}  // namespace cli
