#include "keyway/identity_client/key_authenticator.h"

#include "keyway/rpc/client.h"
#include "keyway/rpc/status.h"

namespace keyway::identity_client {

KeyAuthenticator::KeyAuthenticator(std::shared_ptr<grpc::Channel> identity,
                                   const core::Clock& clock, absl::Duration refetch_after)
    : stub_(identity::v1::IdentityService::NewStub(std::move(identity))),
      clock_(clock),
      refetch_after_(refetch_after) {}

absl::Status KeyAuthenticator::Refresh() {
  identity::v1::GetSigningKeysResponse resp;
  auto ctx = rpc::MakeContext(absl::Seconds(5));
  grpc::Status status = stub_->GetSigningKeys(ctx.get(), {}, &resp);
  if (!status.ok()) return rpc::FromGrpcStatus(status);
  auth::KeySet fresh;
  for (const auto& key : resp.keys()) {
    if (auto s = fresh.Add(key.public_key()); !s.ok()) return s;
  }
  absl::MutexLock lock(&mu_);
  keys_ = std::move(fresh);
  fetched_at_ = clock_.Now();
  return absl::OkStatus();
}

absl::StatusOr<auth::Principal> KeyAuthenticator::Authenticate(const std::string& token) {
  absl::StatusOr<auth::TokenClaims> claims;
  bool may_refetch;
  {
    absl::MutexLock lock(&mu_);
    claims = keys_.Verify(token, clock_.Now());
    may_refetch = clock_.Now() - fetched_at_ >= refetch_after_;
  }
  if (!claims.ok() && may_refetch &&
      claims.status().message().find("unknown key") != absl::string_view::npos) {
    if (Refresh().ok()) {
      absl::MutexLock lock(&mu_);
      claims = keys_.Verify(token, clock_.Now());
    }
  }
  if (!claims.ok()) return claims.status();
  return claims->principal;
}

}  // namespace keyway::identity_client
