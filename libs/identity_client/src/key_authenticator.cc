#include "keyway/identity_client/key_authenticator.h"

#include "keyway/core/log.h"
#include "keyway/rpc/client.h"
#include "keyway/rpc/status.h"

namespace keyway::identity_client {
namespace {

// identity keeps revocations a day: longer than any token lives.
constexpr absl::Duration kRevocationsKeptFor = absl::Hours(24);
// A token signed by a key not seen yet waits this long for the next round.
constexpr absl::Duration kWaitForKeys = absl::Milliseconds(500);

}  // namespace

KeyAuthenticator::KeyAuthenticator(std::shared_ptr<grpc::Channel> identity,
                                   const core::Clock& clock, std::string service_credential,
                                   absl::Duration refetch_keys_every)
    : stub_(identity::v1::IdentityService::NewStub(identity)),
      internal_(identity::v1::IdentityInternalService::NewStub(identity)),
      clock_(clock),
      credential_(std::move(service_credential)),
      refetch_keys_every_(refetch_keys_every) {}

absl::Status KeyAuthenticator::Refresh() {
  identity::v1::GetSigningKeysResponse resp;
  auto ctx = rpc::MakeContext(absl::Seconds(2));
  grpc::Status status = stub_->GetSigningKeys(ctx.get(), {}, &resp);
  auth::KeySet fresh;
  absl::Status result = rpc::FromPeerStatus(status, "identity");
  for (const auto& key : resp.keys()) {
    if (!result.ok()) break;
    result = fresh.Add(key.public_key());
  }
  absl::MutexLock lock(&mu_);
  keys_fetched_at_ = clock_.Now();
  keys_fetch_ok_ = result.ok();
  keys_wanted_ = false;
  if (result.ok()) keys_ = std::move(fresh);
  ++keys_generation_;  // waiters look again, whatever came
  return result;
}

absl::Status KeyAuthenticator::PollRevocations() {
  identity::v1::ListRevocationsRequest req;
  {
    absl::MutexLock lock(&mu_);
    req.set_after_sequence(last_sequence_);
  }
  identity::v1::ListRevocationsResponse resp;
  auto ctx = rpc::MakeContext(absl::Seconds(2), credential_);
  if (auto s = rpc::FromPeerStatus(internal_->ListRevocations(ctx.get(), req, &resp), "identity");
      !s.ok()) {
    return s;
  }
  const absl::Time now = clock_.Now();
  absl::MutexLock lock(&mu_);
  for (const auto& r : resp.revocations()) {
    if (!r.session_id().empty()) {
      ended_sessions_.try_emplace(r.session_id(), now);
    } else {
      auto& [version, seen] = versions_[{r.organisation_id(), r.user_id()}];
      if (r.token_version() > version) version = r.token_version();
      seen = now;
    }
  }
  last_sequence_ = std::max(last_sequence_, resp.last_sequence());
  if (now - pruned_at_ > absl::Minutes(10)) {
    pruned_at_ = now;
    absl::erase_if(ended_sessions_, [&](const auto& e) { return now - e.second > kRevocationsKeptFor; });
    absl::erase_if(versions_, [&](const auto& e) { return now - e.second.second > kRevocationsKeptFor; });
  }
  return absl::OkStatus();
}

void KeyAuthenticator::Tick() {
  absl::Status polled = PollRevocations();
  if (!polled.ok() && !poll_failing_) {
    core::Log(core::Severity::kWarning,
              "cannot read identity's revocations: sessions ended meanwhile are refused once it answers")
        .With("error", std::string(polled.message()));
  } else if (polled.ok() && poll_failing_) {
    core::Log(core::Severity::kInfo, "identity's revocations are read again");
  }
  poll_failing_ = !polled.ok();
  bool due;
  {
    absl::MutexLock lock(&mu_);
    due = keys_wanted_ || clock_.Now() - keys_fetched_at_ >= refetch_keys_every_;
  }
  if (due) (void)Refresh();
}

absl::Status KeyAuthenticator::Revoked(const auth::TokenClaims& claims) {
  const auth::Principal& p = claims.principal;
  if (ended_sessions_.contains(p.session_id)) {
    return absl::UnauthenticatedError(
        "invalid access token: its session was ended (logged out, deactivated, or a refresh "
        "token was reused): log in again");
  }
  auto v = versions_.find({p.organisation_id, p.user_id});
  if (v != versions_.end() && claims.version < v->second.first) {
    return absl::UnauthenticatedError(
        "invalid access token: the user's role or status changed since it was issued: refresh "
        "it or log in again");
  }
  return absl::OkStatus();
}

absl::StatusOr<auth::Principal> KeyAuthenticator::Authenticate(const std::string& token) {
  absl::MutexLock lock(&mu_);
  auto claims = keys_.Verify(token, clock_.Now());
  if (!claims.ok() && keys_fetch_ok_ &&
      claims.status().message().find("unknown key") != absl::string_view::npos) {
    // Perhaps identity rotated its key: the next round fetches the keys.
    keys_wanted_ = true;
    const int64_t generation = keys_generation_;
    auto fetched = [this, generation]() ABSL_SHARED_LOCKS_REQUIRED(mu_) {
      return keys_generation_ != generation;
    };
    if (mu_.AwaitWithTimeout(absl::Condition(&fetched), kWaitForKeys)) {
      claims = keys_.Verify(token, clock_.Now());
    }
  }
  if (!claims.ok()) return claims.status();
  if (auto s = Revoked(*claims); !s.ok()) return s;
  return claims->principal;
}

}  // namespace keyway::identity_client
