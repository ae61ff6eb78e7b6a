// Reading the command line against the tables, and spelling the core's keys
// the way the user typed them.
#include <algorithm>

#include "cli.hpp"
#include "mf/error.hpp"

namespace cli {

bool listed(const char* words, std::string_view word) {
  for (std::string_view rest = words; !rest.empty();) {
    const std::size_t space = std::min(rest.find(' '), rest.size());
    if (rest.substr(0, space) == word) return true;
    rest.remove_prefix(std::min(space + 1, rest.size()));
  }
  return false;
}

std::string with_value(const Option& o) { return std::string(o.flag) + (*o.syntax ? " " : "") + o.syntax; }

bool typed(const Invocation& in, const Option& o) {
  return std::any_of(in.given.begin(), in.given.end(), [&](const auto& g) { return g.first == &o; });
}

const Command* find_command(std::string_view name) {
  for (const Command& c : command_table())
    if (name == c.name) return &c;
  return nullptr;
}

const Option* find_option(std::string_view flag, const Command* command) {
  for (const Option& o : option_table())
    if (flag == o.flag && (!command || listed(o.commands, command->name))) return &o;
  return nullptr;
}

void usage_error(const Command* command, const std::string& message) {
  const std::string help = command ? std::string("mf ") + command->name + " --help" : "mf --help";
  throw mf::Error(mf::ErrorKind::InvalidArgument, message + " (run '" + help + "' for usage)");
}

namespace {

std::size_t word_count(std::string_view words) {
  std::size_t n = 0;
  for (std::size_t k = 0; k < words.size(); ++k) n += words[k] != ' ' && (k == 0 || words[k - 1] == ' ');
  return n;
}

// Checks the command's operands, options and required options.
void check(Invocation& in, const std::vector<std::pair<std::string, std::string>>& flags) {
  const Command* c = in.command;
  const std::string name = std::string("mf ") + c->name;
  for (const auto& [flag, value] : flags) {
    const Option* o = find_option(flag, c);
    if (!o) usage_error(c, name + " does not take " + flag);
    in.given.push_back({o, value});
  }
  for (const Option& o : option_table())
    if (!typed(in, o) && listed(o.required_by, c->name)) usage_error(c, name + " needs " + with_value(o));
  const std::size_t wanted = word_count(c->operands), got = in.operands.size();
  if (got == wanted) return;
  const std::string takes =
      wanted ? std::to_string(wanted) + (wanted == 1 ? " operand, " : " operands, ") + c->operands : "no operands";
  usage_error(c, name + " takes " + takes + " (got " + std::to_string(got) +
                     (got ? ": '" + in.operands.back() + "'" : "") + ")");
}

}  // namespace

void read_args(int argc, const char* const* argv, Invocation& in) {
  std::vector<std::pair<std::string, std::string>> flags;  // as typed, before the command is known
  bool help_command = false;
  for (int k = 1; k < argc; ++k) {
    const std::string word = argv[k];
    if (word == "--help") {
      in.help = true;
    } else if (word.rfind("--", 0) == 0) {
      const Option* any = find_option(word, nullptr);
      if (!any) usage_error(in.command, "unknown option '" + word + "'");
      if (*any->syntax && k + 1 >= argc) usage_error(in.command, "option " + word + " needs a value");
      flags.push_back({word, *any->syntax ? argv[++k] : ""});
    } else if (!in.command && !help_command && in.operands.empty()) {
      in.command = find_command(word);
      help_command = word == "help";
      if (!in.command && !help_command) usage_error(nullptr, "unknown command '" + word + "'");
    } else if (help_command && !in.command) {
      in.command = find_command(word);
      if (!in.command) usage_error(nullptr, "unknown command '" + word + "'");
    } else {
      in.operands.push_back(word);
    }
  }
  in.help = in.help || help_command;
  if (in.help || !in.command) return;
  check(in, flags);
  // In table order: see Option.
  for (const Option& o : option_table())
    for (const auto& [option, text] : in.given)
      if (option == &o) o.apply(in.settings, Value{o.flag, text, o.syntax});
}

std::string spell(const Invocation& in, std::string_view key) {
  const Option* best = nullptr;
  bool best_typed = false;
  std::size_t best_width = 0;
  for (const Option& o : option_table()) {
    if (!listed(o.keys, key) || (in.command && !listed(o.commands, in.command->name))) continue;
    const bool was_typed = typed(in, o);
    const std::size_t width = word_count(o.keys);
    if (!best || (was_typed && !best_typed) || (was_typed == best_typed && width < best_width)) {
      best = &o;
      best_typed = was_typed;
      best_width = width;
    }
  }
  if (best) return best->flag;
  if (!plain_words(key).empty()) return std::string(plain_words(key));
  std::string words(key);
  std::replace(words.begin(), words.end(), '_', ' ');
  return words;
}

}  // namespace cli
