#include "secrets.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "keyway/core/hash.h"
#include "keyway/core/random.h"

namespace keyway::identity {

IssuedSecret IssueSecret(absl::Time now, absl::Duration ttl) {
  std::string token = core::RandomToken(32);
  return {token, HashToken(token), now + ttl};
}

std::string HashToken(const std::string& token) { return core::Sha256Hex(token); }

const char* InvitationStateName(InvitationState state) {
  switch (state) {
    case InvitationState::kPending: return "pending";
    case InvitationState::kAccepted: return "accepted";
    case InvitationState::kSuperseded: return "superseded";
    case InvitationState::kCancelled: return "cancelled";
  }
  return "pending";
}

InvitationState InvitationStateFromName(const std::string& name) {
  if (name == "accepted") return InvitationState::kAccepted;
  if (name == "superseded") return InvitationState::kSuperseded;
  if (name == "cancelled") return InvitationState::kCancelled;
  return InvitationState::kPending;
}

absl::Status CheckInvitationUsable(InvitationState state, absl::Time expires_at, absl::Time now) {
  switch (state) {
    case InvitationState::kAccepted:
      return absl::FailedPreconditionError("this invitation was already accepted: log in instead");
    case InvitationState::kSuperseded:
      return absl::FailedPreconditionError(
          "a newer invitation link was sent: use the link in the latest message");
    case InvitationState::kCancelled:
      return absl::FailedPreconditionError("this invitation was cancelled");
    case InvitationState::kPending:
      break;
  }
  if (now >= expires_at) {
    return absl::FailedPreconditionError(absl::StrCat(
        "this invitation link expired at ",
        absl::FormatTime("%Y-%m-%d %H:%M UTC", expires_at, absl::UTCTimeZone()),
        ": ask an Owner or Admin to resend the invitation"));
  }
  return absl::OkStatus();
}

std::string NewPhoneCode() { return absl::StrFormat("%06d", core::RandomBelow(1'000'000)); }

std::string HashPhoneCode(const std::string& pepper, const std::string& user_id,
                          const std::string& code) {
  return core::HmacSha256Hex(pepper, absl::StrCat(user_id, ":", code));
}

absl::Status CheckPhoneCode(const PhoneCodeState& state, const std::string& expected_hash,
                            absl::Time now, int max_attempts) {
  if (now >= state.expires_at) {
    return absl::FailedPreconditionError("the code has expired: ask for a new one");
  }
  if (state.attempts >= max_attempts) {
    return absl::FailedPreconditionError("too many wrong codes: ask for a new one");
  }
  if (!core::ConstantTimeEquals(state.code_hash, expected_hash)) {
    int left = max_attempts - state.attempts - 1;
    if (left == 0) {
      return absl::InvalidArgumentError("wrong code, and no attempts are left: ask for a new one");
    }
    return absl::InvalidArgumentError(absl::StrCat("wrong code: ", left, " attempt",
                                                   left == 1 ? "" : "s", " left"));
  }
  return absl::OkStatus();
}

}  // namespace keyway::identity
