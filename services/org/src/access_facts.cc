#include "access_facts.h"

#include "keyway/rpc/client.h"
#include "keyway/rpc/status.h"

namespace keyway::org {

AccessServiceFacts::AccessServiceFacts(std::shared_ptr<grpc::Channel> access)
    : stub_(access::v1::AccessService::NewStub(std::move(access))) {}

absl::StatusOr<access::v1::GetLockPinFactsResponse> AccessServiceFacts::Ask(
    const std::string& bearer_token, const std::vector<std::string>& lock_ids) {
  access::v1::GetLockPinFactsRequest req;
  for (const auto& id : lock_ids) req.add_lock_ids(id);
  access::v1::GetLockPinFactsResponse resp;
  auto ctx = rpc::MakeContext(absl::Seconds(5), bearer_token);
  grpc::Status status = stub_->GetLockPinFacts(ctx.get(), req, &resp);
  // An unreachable access refuses rather than guesses: a department must
  // not go while PINs may remain.
  if (!status.ok()) return rpc::FromPeerStatus(status, "access");
  return resp;
}

absl::StatusOr<AccessFacts::PinCount> AccessServiceFacts::CountActivePins(
    const std::string& bearer_token, const std::vector<std::string>& lock_ids) {
  auto facts = Ask(bearer_token, lock_ids);
  if (!facts.ok()) return facts.status();
  return PinCount{facts->active_pin_count(), facts->locks_with_active_pins()};
}

absl::StatusOr<std::vector<std::string>> AccessServiceFacts::LocksWithCustomPins(
    const std::string& bearer_token, const std::vector<std::string>& lock_ids) {
  auto facts = Ask(bearer_token, lock_ids);
  if (!facts.ok()) return facts.status();
  return std::vector<std::string>(facts->custom_pin_lock_ids().begin(),
                                  facts->custom_pin_lock_ids().end());
}

absl::StatusOr<std::vector<std::string>> AccessServiceFacts::HeldLocks(
    const std::string& bearer_token) {
  access::v1::ListHeldLocksResponse resp;
  auto ctx = rpc::MakeContext(absl::Seconds(5), bearer_token);
  grpc::Status status = stub_->ListHeldLocks(ctx.get(), {}, &resp);
  if (!status.ok()) return rpc::FromPeerStatus(status, "access");
  return std::vector<std::string>(resp.lock_ids().begin(), resp.lock_ids().end());
}

}  // namespace keyway::org
