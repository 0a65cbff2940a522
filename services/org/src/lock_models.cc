#include "lock_models.h"

#include <array>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace keyway::org {
namespace {

constexpr std::array<LockModel, 6> kModels = {{
    {"IGB4", "Bluetooth deadbolt", false, false},
    {"IGP2", "Bluetooth padlock", false, false},
    {"IGK3", "Bluetooth key box", false, false},
    {"IGM5", "Bluetooth mortise lock", false, false},
    {"INB1", "NB-IoT deadbolt", true, false},
    {"INB1-2FA", "NB-IoT deadbolt with two-factor access", true, true},
}};

}  // namespace

std::optional<LockModel> FindLockModel(const std::string& code) {
  for (const auto& m : kModels) {
    if (code == m.code) return m;
  }
  return std::nullopt;
}

std::string KnownModelCodes() {
  std::vector<std::string> codes;
  for (const auto& m : kModels) codes.push_back(m.code);
  return absl::StrJoin(codes, ", ");
}

absl::Status ValidateActivityLogInterval(absl::Duration d) {
  bool minutes = d == absl::Minutes(1) || d == absl::Minutes(10) || d == absl::Minutes(30);
  absl::Duration past_the_hour;
  absl::IDivDuration(d, absl::Hours(1), &past_the_hour);
  bool whole_hours = d >= absl::Hours(1) && d <= absl::Hours(24) &&
                     past_the_hour == absl::ZeroDuration();
  if (minutes || whole_hours) return absl::OkStatus();
  return absl::InvalidArgumentError(
      "activity_log_interval must be 1, 10 or 30 minutes, or 1 to 24 whole hours (L3)");
}

absl::Status ValidateHeartbeatInterval(absl::Duration d) {
  for (int h : {1, 2, 5, 12, 24}) {
    if (d == absl::Hours(h)) return absl::OkStatus();
  }
  return absl::InvalidArgumentError("heartbeat_interval must be 1, 2, 5, 12 or 24 hours (L3)");
}

}  // namespace keyway::org
