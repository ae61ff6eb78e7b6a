// The usage text, generated from the command and option tables.
#include <cstdio>
#include <algorithm>
#include <cstring>

#include "cli.hpp"

namespace cli {

namespace {

constexpr std::size_t kLineWidth = 100;
constexpr std::size_t kOptionWidth = 28;  // "--format auto|csv|tsv|dat" and the like, padded

// `text` in lines of at most kLineWidth, the first after `first` and the rest indented as far.
std::string wrapped(const std::string& first, const std::string& text) {
  std::string out = first, line;
  const std::string indent(first.size(), ' ');
  const std::size_t room = kLineWidth - first.size();
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t space = std::min(text.find(' ', at), text.size());
    const std::string word = text.substr(at, space - at);
    if (!line.empty() && line.size() + 1 + word.size() > room) {
      out += line + "\n" + indent;
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
    at = space + 1;
  }
  return out + line + "\n";
}

std::string padded(std::string text, std::size_t width) {
  text.resize(std::max(text.size() + 1, width), ' ');
  return text;
}

std::string command_usage(const Command& c) {
  std::string synopsis = std::string("usage: mf ") + c.name;
  for (const Option& o : option_table())
    if (listed(o.required_by, c.name)) synopsis += " " + with_value(o);
  synopsis += std::string(*c.operands ? " " : "") + c.operands + " [options]\n";
  std::string out = synopsis + wrapped("  ", c.summary);
  const char* group = nullptr;
  for (const Option& o : option_table()) {
    if (!listed(o.commands, c.name)) continue;
    if (!group || std::strcmp(group, o.group) != 0) out += std::string("\n") + (group = o.group) + ":\n";
    std::string help = o.help;
    if (listed(o.required_by, c.name)) help += " (required)";
    if (o.shown_default) help += " (default " + o.shown_default(o) + ")";
    out += wrapped("  " + padded(with_value(o), kOptionWidth), help);
  }
  return out + "\n" + wrapped("  " + padded("--help", kOptionWidth), "print this usage");
}

}  // namespace

std::string usage(const Command* command) {
  if (command) return command_usage(*command);
  std::size_t width = 0;
  for (const Command& c : command_table()) width = std::max(width, std::strlen(c.name) + 1 + std::strlen(c.operands));
  std::string out = "usage: mf <command> [options]   (mf <command> --help: the command's usage alone)\n\ncommands:\n";
  for (const Command& c : command_table())
    out += wrapped("  " + padded(std::string(c.name) + " " + c.operands, width + 2), c.summary);
  for (const Command& c : command_table()) out += "\n" + command_usage(c);
  return out;
}

std::string number_text(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

}  // namespace cli
