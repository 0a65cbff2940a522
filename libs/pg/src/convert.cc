#include "keyway/pg/convert.h"

#include <stdexcept>

namespace keyway::pg {

std::string TimeParam(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E6S+00:00", t, absl::UTCTimeZone());
}

absl::Time TimeField(const pqxx::field& f) {
  std::string text = f.as<std::string>();
  // PostgreSQL prints the offset as +HH, +HH:MM or +HH:MM:SS; normalise to +HH:MM.
  auto sign = text.find_last_of("+-");
  if (sign == std::string::npos || sign < 10) throw std::runtime_error("not a timestamptz: " + text);
  std::string offset = text.substr(sign);
  if (offset.size() == 3) offset += ":00";
  if (offset.size() > 6) offset = offset.substr(0, 6);
  std::string normalised = text.substr(0, sign) + offset;
  absl::Time t;
  std::string err;
  if (!absl::ParseTime("%Y-%m-%d %H:%M:%E*S%Ez", normalised, &t, &err)) {
    throw std::runtime_error("not a timestamptz: " + text + ": " + err);
  }
  return t;
}

std::optional<absl::Time> OptionalTimeField(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return TimeField(f);
}

std::optional<std::string> NullIfEmpty(const std::string& value) {
  if (value.empty()) return std::nullopt;
  return value;
}

}  // namespace keyway::pg
