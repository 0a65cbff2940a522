#pragma once
// AIP-158 paging: page sizes, and page tokens that are opaque to callers and
// valid only for the query they continue (a token used with other filters is
// refused rather than silently giving a wrong page).

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace keyway::core {

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 1000;

// 0 means the default; above the maximum is lowered to it; negative is INVALID_ARGUMENT.
absl::StatusOr<int> PageSize(int requested);

// `position` is the sort key of the last item returned; `query` describes
// the filters (any string that changes when they change).
std::string EncodePageToken(const std::vector<std::string>& position, absl::string_view query);
// INVALID_ARGUMENT for a token that is malformed or belongs to another query.
absl::StatusOr<std::vector<std::string>> DecodePageToken(absl::string_view token,
                                                         absl::string_view query);

// The usual keyset position, newest first: a time (to the microsecond) and an id.
using TimeAndId = std::pair<absl::Time, std::string>;
std::string EncodeTimeAndIdToken(const TimeAndId& position, absl::string_view query);
// nullopt for an empty token (the first page); INVALID_ARGUMENT as above.
absl::StatusOr<std::optional<TimeAndId>> DecodeTimeAndIdToken(absl::string_view token,
                                                             absl::string_view query);

}  // namespace keyway::core
