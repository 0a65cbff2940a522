#pragma once
// Conversions between absl::Time and PostgreSQL timestamptz parameters and
// fields. Connections of the pool run in UTC.

#include <optional>
#include <string>

#include <pqxx/pqxx>

#include "absl/time/time.h"

namespace keyway::pg {

// A timestamptz literal with microseconds, e.g. "2026-11-23T11:03:00.123456+00:00".
std::string TimeParam(absl::Time t);
// Parses a timestamptz field as PostgreSQL prints it ("2026-11-23 11:03:00.123456+00").
absl::Time TimeField(const pqxx::field& f);
// Null stays nullopt.
std::optional<absl::Time> OptionalTimeField(const pqxx::field& f);

}  // namespace keyway::pg
