#pragma once
// Conversions between absl::Time and PostgreSQL timestamptz parameters and
// fields. Connections of the pool run in UTC.

#include <optional>
#include <string>

#include <pqxx/pqxx>

#include "absl/time/time.h"

// libpqxx 6.4 has no conversion for std::optional parameters: an empty
// optional becomes SQL NULL.
namespace pqxx {
template <>
struct string_traits<std::optional<std::string>> {
  static constexpr const char* name() noexcept { return "optional<string>"; }
  static constexpr bool has_null() noexcept { return true; }
  static bool is_null(const std::optional<std::string>& v) { return !v.has_value(); }
  static std::optional<std::string> null() { return std::nullopt; }
  static void from_string(const char s[], std::optional<std::string>& v) { v = std::string(s); }
  static std::string to_string(const std::optional<std::string>& v) { return *v; }
};
}  // namespace pqxx

namespace keyway::pg {

// A timestamptz literal with microseconds, e.g. "2026-11-23T11:03:00.123456+00:00".
std::string TimeParam(absl::Time t);
// Parses a timestamptz field as PostgreSQL prints it ("2026-11-23 11:03:00.123456+00").
absl::Time TimeField(const pqxx::field& f);
// Null stays nullopt.
std::optional<absl::Time> OptionalTimeField(const pqxx::field& f);
// A text parameter that is NULL when empty (an optional column).
std::optional<std::string> NullIfEmpty(const std::string& value);

}  // namespace keyway::pg
