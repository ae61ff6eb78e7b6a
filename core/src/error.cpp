#include "mf/error.hpp"

namespace mf {

const char* to_string(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::Parse: return "Parse";
    case ErrorKind::InvalidArgument: return "InvalidArgument";
    case ErrorKind::UnknownId: return "UnknownId";
    case ErrorKind::CorruptModel: return "CorruptModel";
    case ErrorKind::Io: return "Io";
    case ErrorKind::Resource: return "Resource";
    case ErrorKind::Cancelled: return "Cancelled";
  }
  return "Error";
}

Message& Message::add(bool is_parameter, std::string text) {
  if (!is_parameter && !parts_.empty() && !parts_.back().is_parameter)
    parts_.back().text += text;  // adjacent literal text is one part
  else if (is_parameter || !text.empty())
    parts_.push_back({is_parameter, std::move(text)});
  return *this;
}

std::string Message::first_parameter() const {
  for (const Part& p : parts_)
    if (p.is_parameter) return p.text;
  return "";
}

std::string Message::render(const Spelling& spell) const {
  std::string out;
  for (const Part& p : parts_) out += p.is_parameter && spell ? spell(p.text) : p.text;
  return out;
}

void fail(ErrorKind kind, const Message& message) { throw Error(kind, message); }

}  // namespace mf
