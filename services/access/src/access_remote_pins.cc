// A2-A4, A14: Remote PINs, made here without the lock, and shared.
#include <set>

#include "absl/strings/str_cat.h"
#include "access.h"
#include "access_internal.h"
#include "keyway/algopin/custom_pin.h"
#include "keyway/algopin/remote_pin.h"
#include "keyway/contact/contact.h"
#include "keyway/core/random.h"
#include "keyway/core/sealed_box.h"
#include "keyway/core/text.h"
#include "keyway/idempotency/idempotency.h"
#include "keyway/pg/transaction.h"
#include "keyway/rpc/proto_time.h"
#include "remote_pin_plan.h"

namespace keyway::access {
namespace {

using internal::Audit;
using internal::ToProto;
using rpc::FromTimestamp;
using rpc::ToTimestamp;

void ForgetPin(v1::CreateRemotePinResponse& r) { r.clear_pin(); }

}  // namespace

absl::StatusOr<v1::CreateRemotePinResponse> Access::CreateRemotePin(
    const Caller& caller, const v1::CreateRemotePinRequest& req) {
  if (auto s = core::ValidateUuid(req.lock_id(), "lock_id"); !s.ok()) return s;
  auto name = core::NormalizeText(req.name(), "name", 100);
  if (!name.ok()) return name.status();
  if (!req.has_start_time()) return absl::InvalidArgumentError("start_time is required");
  if (auto s = idempotency::ValidateKey(req.request_id()); !s.ok()) return s;
  const bool resident = caller.principal.role == auth::Role::kLockUser;
  if (resident && req.kind() != v1::PIN_KIND_DURATION) {
    return absl::PermissionDeniedError(
        "a resident creates duration Remote PINs for visitors only (A14): set kind to "
        "PIN_KIND_DURATION with an end inside your own access");
  }
  if (!resident) {
    if (auto s = scopes_.Require(caller.bearer_token, {req.lock_id()}); !s.ok()) return s;
  }
  const std::string& org = caller.principal.organisation_id;
  std::optional<absl::Time> end;
  if (req.has_end_time()) end = FromTimestamp(req.end_time());
  return pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::CreateRemotePinResponse> {
    return idempotency::Run<v1::CreateRemotePinResponse>(
        tx, absl::StrCat("CreateRemotePin/", org, "/", caller.principal.user_id), req.request_id(),
        req,
        [&](pqxx::work& tx) -> absl::StatusOr<v1::CreateRemotePinResponse> {
          absl::Time epoch;
          auto key = LockSecret(tx, org, req.lock_id(), &epoch);
          if (!key.ok()) return key.status();
          const absl::Time now = clock_.Now();
          auto plan = PlanRemotePin(req.kind(), FromTimestamp(req.start_time()), end, now, epoch);
          if (!plan.ok()) return plan.status();
          if (resident) {
            auto held = ResidentKey(tx, caller, req.lock_id());
            if (!held.ok()) return held.status();
            if (auto s = internal::RequireInside(*held, plan->start, plan->end); !s.ok()) return s;
          }
          auto codec = algopin::PinCodec::Create(*key, UuidBytes(req.lock_id()), epoch);
          if (!codec.ok()) return codec.status();
          // Each PIN of the same lock, start and length differs in its nonce
          // (A13); a nonce whose digits equal a live 10-digit Custom PIN is
          // skipped, as the lock could not tell the two apart.
          std::set<int> used = store::UsedNonces(tx, req.lock_id(), plan->start, plan->length_index);
          std::vector<uint32_t> free;
          for (uint32_t n = 0; n < algopin::kNonceCount; ++n) {
            if (!used.count(static_cast<int>(n))) free.push_back(n);
          }
          std::string code;
          uint32_t nonce = 0;
          auto digest_key = LockSecret(tx, org, req.lock_id(), nullptr, SecretFor::kDigests);
          if (!digest_key.ok()) return digest_key.status();
          while (!free.empty() && code.empty()) {
            size_t pick = core::RandomBelow(static_cast<uint32_t>(free.size()));
            nonce = free[pick];
            free.erase(free.begin() + static_cast<long>(pick));
            auto digits = codec->Encode({plan->start, plan->length_index, nonce});
            if (!digits.ok()) return digits.status();
            if (!store::LiveCustomPinExists(tx, req.lock_id(), algopin::CustomPinDigest(*digest_key, *digits))) {
              code = *digits;
            }
          }
          if (code.empty()) {
            return absl::ResourceExhaustedError(
                "this lock already has 32 Remote PINs with this start and length: choose another "
                "start hour");
          }
          store::AccessRow row;
          row.id = core::NewUuid();
          row.organisation_id = org;
          row.lock_id = req.lock_id();
          row.type = "remote_pin";
          row.status = "active";  // A2: made without the lock
          row.pin_kind = internal::KindName(req.kind());
          row.name = *name;
          row.start = plan->start;
          if (plan->end != absl::InfiniteFuture()) row.end = plan->end;
          row.length_index = plan->length_index;
          row.nonce = static_cast<int>(nonce);
          row.created_by = caller.principal.user_id;
          row.created_at = now;
          store::InsertAccess(tx, row);
          Audit(tx, caller, "access.remote_pin_created", "access", row.id,
                {{"lock_id", row.lock_id}, {"kind", row.pin_kind}, {"resident", resident}});
          v1::CreateRemotePinResponse resp;
          *resp.mutable_access() = ToProto(row);
          resp.set_pin(code);
          return resp;
        },
        &ForgetPin);  // K4: the digits are never kept at rest
  });
}

absl::StatusOr<v1::ShareRemotePinResponse> Access::ShareRemotePin(
    const Caller& caller, const v1::ShareRemotePinRequest& req) {
  if (auto s = core::ValidateUuid(req.access_id(), "access_id"); !s.ok()) return s;
  constexpr int kMaxRecipients = 10;  // A4
  if (req.emails_size() > kMaxRecipients) {
    return absl::InvalidArgumentError(absl::StrCat(
        "a PIN is shared with at most ", kMaxRecipients, " email addresses (A4); ",
        req.emails_size(), " were given"));
  }
  std::vector<std::string> emails;
  for (const auto& e : req.emails()) {
    auto email = contact::NormalizeEmail(e);
    if (!email.ok()) return email.status();
    if (std::find(emails.begin(), emails.end(), *email) == emails.end()) emails.push_back(*email);
  }
  auto mobile = contact::NormalizeMobile(req.mobile());
  if (!mobile.ok()) return mobile.status();
  if (emails.empty() && mobile->empty()) {
    return absl::InvalidArgumentError("name at least one email address or a mobile number");
  }
  auto row = FindInScope(caller, req.access_id());
  if (!row.ok()) return row.status();
  if (row->type != "remote_pin") {
    return absl::FailedPreconditionError("only Remote PINs are shared this way");
  }
  // S10: the digits open the door; a Manager in scope may not send the
  // Owner's permanent PIN anywhere.
  if (row->created_by != caller.principal.user_id && !auth::IsOrganisationAdmin(caller.principal.role)) {
    return absl::PermissionDeniedError(
        "only the PIN's creator, an Owner or an Admin may share its digits");
  }
  const absl::Time now = clock_.Now();
  if (row->status != "active" || (row->end && *row->end <= now)) {
    return absl::FailedPreconditionError("this PIN is deleted or over: there is nothing to share");
  }
  return pg::InTransaction(pool_, [&](pqxx::work& tx) -> absl::StatusOr<v1::ShareRemotePinResponse> {
    // The PIN's row is the lock: concurrent shares count one after the other.
    (void)store::FindAccess(tx, row->organisation_id, row->id, /*lock=*/true);
    if (store::CountPinShares(tx, row->id, now - absl::Hours(1)) >= config_.pin_shares_per_hour) {
      return absl::ResourceExhaustedError(absl::StrCat(
          "this PIN was shared ", config_.pin_shares_per_hour,
          " times in the last hour: try again later (S10)"));
    }
    store::RecordPinShare(tx, row->id, caller.principal.user_id, now);
    absl::Time epoch;
    auto key = LockSecret(tx, row->organisation_id, row->lock_id, &epoch);
    if (!key.ok()) return key.status();
    auto codec = algopin::PinCodec::Create(*key, UuidBytes(row->lock_id), epoch);
    if (!codec.ok()) return codec.status();
    // The digits are not stored: they are made again from the PIN's payload.
    auto code = codec->Encode({row->start, *row->length_index, static_cast<uint32_t>(*row->nonce)});
    if (!code.ok()) return code.status();
    v1::RemotePinShared event;
    event.set_organisation_id(row->organisation_id);
    event.set_access_id(row->id);
    event.set_lock_id(row->lock_id);
    event.set_name(row->name);
    event.set_sealed_pin(core::SealFor(config_.notify_public_key, *code));  // K4
    for (const auto& e : emails) event.add_emails(e);
    event.set_mobile(*mobile);
    *event.mutable_start_time() = ToTimestamp(row->start);
    if (row->end) *event.mutable_end_time() = ToTimestamp(*row->end);
    event.set_shared_by_user_id(caller.principal.user_id);
    events::PublishMessage(tx, config_.events_stream, row->organisation_id, event);
    Audit(tx, caller, "access.remote_pin_shared", "access", row->id,
          {{"emails", emails.size()}, {"sms", !mobile->empty()}});
    v1::ShareRemotePinResponse resp;
    resp.set_message_count(static_cast<int>(emails.size()) + (mobile->empty() ? 0 : 1));
    return resp;
  });
}

}  // namespace keyway::access
