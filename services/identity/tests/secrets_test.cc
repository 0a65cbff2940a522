#include <catch2/catch.hpp>

#include "keyway/core/clock.h"
#include "secrets.h"

using namespace keyway::identity;

TEST_CASE("U2: an invitation link works until 24 hours after it was sent, not after") {
  keyway::core::FakeClock clock;
  IssuedSecret link = IssueSecret(clock.Now(), absl::Hours(24));
  CHECK(link.token_hash == HashToken(link.token));
  CHECK(link.token_hash.find(link.token) == std::string::npos);
  clock.Advance(absl::Hours(23) + absl::Minutes(59));
  CHECK(CheckInvitationUsable(InvitationState::kPending, link.expires_at, clock.Now()).ok());
  clock.Advance(absl::Minutes(1));
  auto expired = CheckInvitationUsable(InvitationState::kPending, link.expires_at, clock.Now());
  CHECK(expired.code() == absl::StatusCode::kFailedPrecondition);
  CHECK(expired.message().find("expired") != std::string::npos);
  CHECK(expired.message().find("resend") != std::string::npos);
}

TEST_CASE("U2: resent and cancelled invitations no longer work, each saying why") {
  keyway::core::FakeClock clock;
  absl::Time later = clock.Now() + absl::Hours(1);
  CHECK(CheckInvitationUsable(InvitationState::kSuperseded, later, clock.Now()).message().find(
            "newer invitation") != std::string::npos);
  CHECK(CheckInvitationUsable(InvitationState::kCancelled, later, clock.Now()).message() ==
        "this invitation was cancelled");
  CHECK(CheckInvitationUsable(InvitationState::kAccepted, later, clock.Now()).code() ==
        absl::StatusCode::kFailedPrecondition);
}

TEST_CASE("phone codes are 6 digits, keyed-hashed, 10 minutes and 5 attempts") {
  keyway::core::FakeClock clock;
  std::string code = NewPhoneCode();
  CHECK(code.size() == 6);
  CHECK(code.find_first_not_of("0123456789") == std::string::npos);
  PhoneCodeState state{HashPhoneCode("pepper", "u1", code), clock.Now() + absl::Minutes(10), 0};
  CHECK(HashPhoneCode("other pepper", "u1", code) != state.code_hash);
  CHECK(CheckPhoneCode(state, HashPhoneCode("pepper", "u1", code), clock.Now(), 5).ok());
  std::string wrong = code == "000000" ? "000001" : "000000";
  auto miss = CheckPhoneCode(state, HashPhoneCode("pepper", "u1", wrong), clock.Now(), 5);
  CHECK(miss.code() == absl::StatusCode::kInvalidArgument);
  CHECK(miss.message() == "wrong code: 4 attempts left");
  state.attempts = 5;
  CHECK(CheckPhoneCode(state, state.code_hash, clock.Now(), 5).message() ==
        "too many wrong codes: ask for a new one");
  state.attempts = 0;
  clock.Advance(absl::Minutes(10));
  CHECK(CheckPhoneCode(state, state.code_hash, clock.Now(), 5).message() ==
        "the code has expired: ask for a new one");
}
