#pragma once
// The short-lived secrets identity hands out: invitation links, refresh
// tokens and phone codes. Only their hashes are stored. Pure functions; the
// clock comes in as `now`.

#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"

namespace keyway::identity {

// A random bearer secret (256 bits) and the hash under which it is stored.
struct IssuedSecret {
  std::string token;       // given out once, never stored
  std::string token_hash;  // stored, and looked up by
  absl::Time expires_at;
};
IssuedSecret IssueSecret(absl::Time now, absl::Duration ttl);
// The hash of a presented token, to look it up.
std::string HashToken(const std::string& token);

enum class InvitationState { kPending, kAccepted, kSuperseded, kCancelled };
const char* InvitationStateName(InvitationState state);
InvitationState InvitationStateFromName(const std::string& name);

// U2: OK for a pending invitation before its expiry; otherwise
// FAILED_PRECONDITION saying what to do instead.
absl::Status CheckInvitationUsable(InvitationState state, absl::Time expires_at, absl::Time now);

// A phone verification code: 6 random digits.
std::string NewPhoneCode();
// Keyed with a server secret so that a leaked table cannot be brute-forced.
std::string HashPhoneCode(const std::string& pepper, const std::string& user_id,
                          const std::string& code);

struct PhoneCodeState {
  std::string code_hash;
  absl::Time expires_at;
  int attempts = 0;  // wrong codes entered so far
};
// OK when `code` matches an unexpired code with attempts left. Otherwise
// FAILED_PRECONDITION (expired, no attempts left) or INVALID_ARGUMENT (wrong
// code, saying how many attempts remain; the caller counts the attempt).
absl::Status CheckPhoneCode(const PhoneCodeState& state, const std::string& expected_hash,
                            absl::Time now, int max_attempts);

}  // namespace keyway::identity
