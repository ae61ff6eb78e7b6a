#include "mf/error.hpp"

namespace mf {

const char* to_string(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::Parse: return "ParseError";
    case ErrorKind::InvalidArgument: return "InvalidArgument";
    case ErrorKind::UnknownId: return "UnknownId";
    case ErrorKind::CorruptModel: return "CorruptModel";
    case ErrorKind::Io: return "IoError";
    case ErrorKind::Resource: return "ResourceError";
    case ErrorKind::Cancelled: return "Cancelled";
  }
  return "Error";
}

void fail(ErrorKind kind, const std::string& message) { throw Error(kind, message); }

}  // namespace mf
